"""How fast the preview server shows an edit, on a big corpus.

    python bench/serve_bench.py [N] [--corpus DIR] [--repeat 5]

Writes an N-record corpus (bench/corpus.py, default 10,000) unless ``--corpus`` names one, starts
the preview server on 127.0.0.1 (first build not timed), then for each of ``--repeat`` edits:

- opens a record page (as the editor's browser has it open), saves the record (a new sentence in its
  body) and times until the reload event names its page and the server returns the new text: what
  the browser open on the record waits for (target 0.5 s);
- opens a record page naming a locality, saves the reference data file ``localities.yaml`` (renames
  that locality) and times until the page shows the new name (target 3 s), and until the whole
  rebuild is done.

Prints wall-clock figures (median and worst) and the CPU time of each rebuild.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from site_builder import build as build_module  # noqa: E402
from site_builder.serve import PreviewServer  # noqa: E402


class Events(threading.Thread):
    """Reads the server's change events, remembering when each page path was first announced."""

    def __init__(self, address, port) -> None:
        super().__init__(daemon=True)
        self.socket = socket.create_connection((address, port))
        self.socket.sendall(f"GET /__site-builder__/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        self.seen: list[tuple[float, dict]] = []
        self.start()

    def run(self) -> None:
        buffer = b""
        while True:
            chunk = self.socket.recv(65536)
            if not chunk:
                return
            buffer += chunk
            while b"\n\n" in buffer:
                block, buffer = buffer.split(b"\n\n", 1)
                for line in block.split(b"\n"):
                    if line.startswith(b"data: "):
                        self.seen.append((time.perf_counter(), json.loads(line[6:])))

    def wait_for(self, path: str, since: float, timeout: float = 900) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for moment, event in list(self.seen):
                if moment >= since and event.get("paths") and path in event["paths"]:
                    return moment
            time.sleep(0.002)
        raise TimeoutError(path)


def get(address, port, path: str) -> str:
    connection = http.client.HTTPConnection(address, port, timeout=60)
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
    body = connection.getresponse().read().decode("utf-8", "replace")
    connection.close()
    return body


def wait_served(address, port, path: str, text: str, timeout: float = 900) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if text in get(address, port, path):
            return time.perf_counter()
        time.sleep(0.005)
    raise TimeoutError(path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    project = args.corpus
    if project is None:
        from corpus import write_corpus
        project = workdir / "corpus"
        started = time.perf_counter()
        write_corpus(project, args.n)
        print(f"corpus: {args.n:,} records written in {time.perf_counter() - started:.1f} s")
    config = build_module.load_project(project, output_dir=workdir / "output", environ={})
    rebuilds: list = []
    started = time.perf_counter()
    server = PreviewServer(config, "127.0.0.1", 0, with_history=False,
                           log=lambda *a, **k: rebuilds.append(a[0]) if a else None).start()
    print(f"first build (not part of the figures): {time.perf_counter() - started:.1f} s")
    address, port = server.server.server_address[:2]
    events = Events(address, port)
    time.sleep(0.5)

    records = sorted((project / "content/models").rglob("*.md"))
    record_times, record_cpu = [], []
    for round_ in range(args.repeat):
        path = records[round_ * 97 % len(records)]
        text = path.read_text(encoding="utf-8")
        if "status: draft" in text or "status: withdrawn" in text or "embargo_until" in text:
            path = records[(round_ * 97 + 1) % len(records)]
            text = path.read_text(encoding="utf-8")
        identifier = re.search(r"^id: (\S+)", text, re.M).group(1)
        page = config.base_path + f"models/{identifier}/"
        marker = f"Câu mới số {round_} {time.time_ns()}."
        get(address, port, page)  # the editor has the record open in a browser
        saved = time.perf_counter()
        cpu = time.process_time()
        path.write_text(text.replace("\n---\n", f"\n---\n{marker}\n\n", 1), encoding="utf-8")
        announced = events.wait_for(page, saved)
        served = wait_served(address, port, page, marker)
        record_times.append(max(announced, served) - saved)
        wait_idle(server)
        record_cpu.append(time.process_time() - cpu)
    report("save a record -> its new page served and announced", record_times, 0.5)
    print(f"   CPU per record rebuild (all three steps): median {statistics.median(record_cpu):.2f} s")

    localities = project / "content/data/localities.yaml"
    data_times, data_done = [], []
    for round_ in range(max(1, args.repeat // 2)):
        text = localities.read_text(encoding="utf-8")
        match = re.search(r"^(\s*-?\s*id: )(\S+)\n(?:.*\n)*?\s+vi: \"?([^\"\n]+)\"?", text, re.M)
        locality, name = match.group(2), match.group(3)
        record = next(p for p in records if f"locality: {locality}\n" in p.read_text(encoding="utf-8")
                      and "status:" not in p.read_text(encoding="utf-8"))
        identifier = re.search(r"^id: (\S+)", record.read_text(encoding="utf-8"), re.M).group(1)
        new_name = f"{name} (đổi tên {round_})"
        get(address, port, config.base_path + f"models/{identifier}/")  # open in the editor's browser
        saved = time.perf_counter()
        localities.write_text(text.replace(name, new_name, 1), encoding="utf-8")
        shown = wait_served(address, port, config.base_path + f"models/{identifier}/", new_name)
        data_times.append(shown - saved)
        wait_idle(server)
        data_done.append(time.perf_counter() - saved)
    report("save localities.yaml -> a record naming it shows the new name", data_times, 3.0)
    report("save localities.yaml -> every affected page rebuilt", data_done, None)
    server.stop()
    print("rebuild log:")
    for line in rebuilds[-6:]:
        print("  ", line)
    shutil.rmtree(workdir, ignore_errors=True)  # the corpus (unless --corpus) and the output
    return 0


def wait_idle(server, timeout: float = 1800) -> None:
    """Until the rebuild (downloads and feeds included) has finished."""
    deadline = time.perf_counter() + timeout
    time.sleep(0.1)
    while time.perf_counter() < deadline:
        with server.preview.lock:
            busy = bool(server.preview.pending)
        if not busy and not server.preview.rebuilder_busy():
            return
        time.sleep(0.02)


def report(label: str, values: list[float], target: float | None) -> None:
    verdict = "" if target is None else (" (target <= %.1f s: %s)" % (target, "met" if max(values) <= target
                                                                        else "MISSED"))
    print(f"{label}: median {statistics.median(values):.2f} s, worst {max(values):.2f} s over {len(values)}"
          f"{verdict}")


if __name__ == "__main__":
    sys.exit(main())
