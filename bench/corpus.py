"""A benchmark corpus: a complete, valid site-builder project of N synthetic records.

    python bench/corpus.py N OUT_DIR [--seed S]

writes ``OUT_DIR/site.yaml``, ``OUT_DIR/content/data/*.yaml`` (localities as they were before and
after the 1 July 2025 reorganisation, their units, directives, annual themes, statistic series and
observations) and N records with the real mix of kinds (about a quarter emulation models, half
commendations, a quarter inspection results), years 2019-2025, statuses (a few corrected, draft,
withdrawn and embargoed records, some renamed ones with ``aliases``), Markdown and bulk YAML files,
and Vietnamese text with full diacritics. The same N and seed always give the same bytes.

Everything is synthetic: no real decision numbers, and no people (individual recipients appear
only by initials and position, as CONTENT_MODEL.md allows). Import :func:`write_corpus` to use it
from tests or other benchmarks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

# ---------------------------------------------------------------- geography

#: (id stem, Vietnamese name, English name, GSO 2004 code, the 2025 province it merged into)
PROVINCES = (
    ("ha-noi", "Thành phố Hà Nội", "Hanoi", "01", "ha-noi"),
    ("ha-giang", "Tỉnh Hà Giang", "Ha Giang Province", "02", "tuyen-quang"),
    ("tuyen-quang", "Tỉnh Tuyên Quang", "Tuyen Quang Province", "08", "tuyen-quang"),
    ("lao-cai", "Tỉnh Lào Cai", "Lao Cai Province", "10", "lao-cai"),
    ("yen-bai", "Tỉnh Yên Bái", "Yen Bai Province", "15", "lao-cai"),
    ("thai-nguyen", "Tỉnh Thái Nguyên", "Thai Nguyen Province", "19", "thai-nguyen"),
    ("bac-kan", "Tỉnh Bắc Kạn", "Bac Kan Province", "06", "thai-nguyen"),
    ("hai-phong", "Thành phố Hải Phòng", "Hai Phong", "31", "hai-phong"),
    ("hai-duong", "Tỉnh Hải Dương", "Hai Duong Province", "30", "hai-phong"),
    ("nam-dinh", "Tỉnh Nam Định", "Nam Dinh Province", "36", "ninh-binh"),
    ("ninh-binh", "Tỉnh Ninh Bình", "Ninh Binh Province", "37", "ninh-binh"),
    ("ha-nam", "Tỉnh Hà Nam", "Ha Nam Province", "35", "ninh-binh"),
    ("thanh-hoa", "Tỉnh Thanh Hóa", "Thanh Hoa Province", "38", "thanh-hoa"),
    ("nghe-an", "Tỉnh Nghệ An", "Nghe An Province", "40", "nghe-an"),
    ("da-nang", "Thành phố Đà Nẵng", "Da Nang", "48", "da-nang"),
    ("quang-nam", "Tỉnh Quảng Nam", "Quang Nam Province", "49", "da-nang"),
    ("dak-lak", "Tỉnh Đắk Lắk", "Dak Lak Province", "66", "dak-lak"),
    ("phu-yen", "Tỉnh Phú Yên", "Phu Yen Province", "54", "dak-lak"),
    ("ho-chi-minh", "Thành phố Hồ Chí Minh", "Ho Chi Minh City", "79", "ho-chi-minh"),
    ("binh-duong", "Tỉnh Bình Dương", "Binh Duong Province", "74", "ho-chi-minh"),
    ("can-tho", "Thành phố Cần Thơ", "Can Tho", "92", "can-tho"),
    ("soc-trang", "Tỉnh Sóc Trăng", "Soc Trang Province", "94", "can-tho"),
    ("ca-mau", "Tỉnh Cà Mau", "Ca Mau Province", "96", "ca-mau"),
    ("bac-lieu", "Tỉnh Bạc Liêu", "Bac Lieu Province", "95", "ca-mau"),
)
#: Place names used for districts and communes (combined per province, so ids stay unique).
PLACE_NAMES = (
    "Đông Anh", "Mê Linh", "Ứng Hòa", "Hoàng Mai", "Hà Đông", "Văn Bàn", "Bảo Yên", "Kim Tân", "Đồng Xuân",
    "Phú Lương", "Đại Từ", "Yên Định", "Quỳnh Lưu", "Diễn Châu", "Đức Phổ", "Tam Kỳ", "Điện Bàn", "Krông Pắc",
    "Ea Kar", "Tuy An", "Bình Thủy", "Ninh Kiều", "Phụng Hiệp", "Đầm Dơi", "Năm Căn", "Giồng Riềng", "Lạc Dương",
    "Đắk Mil", "Hòa Vang", "Sơn Trà", "Thủ Đức", "Củ Chi", "Cần Giờ", "Dĩ An", "Thuận An", "Bến Cát", "Vĩnh Bảo",
    "Thủy Nguyên", "Kiến Thụy", "Nghĩa Hưng", "Hải Hậu", "Kim Sơn", "Yên Mô", "Duy Tiên", "Thanh Liêm",
    "Hoằng Hóa", "Nga Sơn", "Bá Thước", "Mường Lát", "Đồng Văn", "Mèo Vạc", "Na Hang", "Chiêm Hóa", "Bát Xát",
    "Sa Pa", "Mù Cang Chải", "Lục Yên", "Chợ Đồn", "Ba Bể", "Tiên Lãng", "An Dương", "Cẩm Giàng", "Kinh Môn",
)
COMMUNE_WORDS = ("Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Tân", "Phú", "Hòa", "An", "Bình",
                 "Thạnh", "Đức", "Lộc", "Phước", "Thịnh", "Hưng", "Vĩnh", "Quảng")

REORGANISED = dt.date(2025, 7, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)
YEARS = tuple(range(2019, 2026))
BUILD_DAY = dt.date(2025, 12, 31)

# ---------------------------------------------------------------- text pools

FIELDS = ("admin_reform", "public_security", "urban_management", "land_site_clearance", "mass_mobilisation",
          "environment", "digital", "economy", "culture_education_health", "party_building", "personnel")
MODEL_TOPICS = {
    "admin_reform": ("giải quyết thủ tục hành chính đúng hạn", "“một cửa” không giấy tờ", "tiếp công dân định kỳ"),
    "public_security": ("camera an ninh tại khu dân cư", "tổ liên gia tự quản về an ninh", "cấp căn cước lưu động"),
    "urban_management": ("tuyến phố văn minh", "chỉnh trang vỉa hè", "xử lý điểm đen rác thải"),
    "land_site_clearance": ("đối thoại giải phóng mặt bằng", "công khai phương án bồi thường", "bàn giao đất sạch"),
    "mass_mobilisation": ("“Dân vận khéo” ở khu dân cư", "hiến đất làm đường", "tổ hòa giải ở cơ sở"),
    "environment": ("10 phút vì môi trường xanh", "phân loại rác tại nguồn", "đường hoa tự quản"),
    "digital": ("chữ ký số cho cán bộ xã", "thanh toán không dùng tiền mặt", "tổ công nghệ số cộng đồng"),
    "economy": ("sản phẩm OCOP", "hợp tác xã kiểu mới", "chợ phiên nông sản sạch"),
    "culture_education_health": ("tủ sách cộng đồng", "khám sàng lọc miễn phí", "lớp học xóa mù chữ"),
    "party_building": ("sinh hoạt chi bộ chuyên đề", "đảng viên nhận phần việc", "nêu gương người đứng đầu"),
    "personnel": ("đánh giá cán bộ theo kết quả", "luân chuyển cán bộ trẻ", "chấm điểm công chức hằng tháng"),
}
SENTENCES = (
    "Đơn vị đã quán triệt chủ trương đến từng chi bộ, tổ dân phố và đoàn thể.",
    "Người đứng đầu trực tiếp chỉ đạo, phân công rõ người, rõ việc, rõ thời gian hoàn thành.",
    "Kết quả được đánh giá công khai tại hội nghị sơ kết và đăng trên cổng thông tin điện tử.",
    "Nhân dân tham gia đóng góp ý kiến, giám sát việc thực hiện thông qua Mặt trận Tổ quốc.",
    "Một số nơi còn lúng túng trong triển khai; việc nhân rộng cần thêm kinh phí và hướng dẫn.",
    "Số liệu do đơn vị báo cáo, chưa được cơ quan độc lập kiểm chứng.",
    "Đợt kiểm tra tập trung vào trách nhiệm người đứng đầu và việc giải quyết đơn thư của công dân.",
    "Đoàn đã làm việc trực tiếp với đối tượng, xem xét hồ sơ, tài liệu liên quan.",
    "Sau kiểm tra, đơn vị đã khắc phục phần lớn thiếu sót và báo cáo kết quả bằng văn bản.",
    "Việc công khai kết luận được thực hiện trên cổng thông tin điện tử và niêm yết tại trụ sở.",
    "Quyết định khen thưởng được công bố tại hội nghị tổng kết phong trào thi đua của địa phương.",
    "Tập thể, cá nhân được khen đã có thành tích tiêu biểu, được cơ sở bình xét công khai, dân chủ.",
    "Đề xuất khen thưởng đã được lấy ý kiến Nhân dân nơi cư trú trước khi trình cấp có thẩm quyền.",
    "Đường làng được mở rộng, điện chiếu sáng được lắp đặt nhờ sự đồng thuận của các hộ dân.",
    "Cán bộ xã trực “một cửa” cả ngày thứ Bảy để người lao động làm thủ tục ngoài giờ hành chính.",
)
SENTENCES_EN = (
    "The unit briefed every Party cell, residential group and mass organisation.",
    "The head of the unit led the work directly, with clear people, tasks and deadlines.",
    "Results were assessed publicly at a review meeting and posted on the e-portal.",
    "Residents took part and monitored the work through the Fatherland Front.",
    "Some places were slow to start; replicating the model needs more funds and guidance.",
    "The figures are reported by the unit and have not been independently checked.",
)
FINDINGS = (("violation", "Chi sai chế độ một số khoản kinh phí thường xuyên"),
            ("violation", "Giải quyết hồ sơ đất đai quá hạn so với quy định"),
            ("shortcoming", "Chưa công khai đầy đủ thủ tục hành chính tại bộ phận một cửa"),
            ("shortcoming", "Hồ sơ lưu trữ chưa khoa học, thiếu chứng từ"),
            ("compliant", "Thực hiện đúng quy trình tiếp công dân"),
            ("good_practice", "Ứng dụng phần mềm theo dõi tiến độ giải quyết đơn thư"))
ACHIEVEMENTS = ("Có thành tích xuất sắc trong phong trào thi đua năm {year}",
                "Hoàn thành xuất sắc nhiệm vụ cải cách hành chính năm {year}",
                "Có thành tích trong thực hiện Chỉ thị {directive}",
                "Có nhiều đóng góp trong công tác giải phóng mặt bằng năm {year}",
                "Tiêu biểu trong phong trào “Dân vận khéo” năm {year}")
PUBLISHERS = (("Báo Nhân Dân", "https://nhandan.vn/"), ("Báo Lao Động", "https://laodong.vn/"),
              ("Cổng thông tin điện tử tỉnh", "https://example.gov.vn/"), ("Báo Tuổi Trẻ", "https://tuoitre.vn/"),
              ("Báo Thanh tra", "https://thanhtra.com.vn/"), ("Báo Đại Đoàn Kết", "https://daidoanket.vn/"))
INITIALS = "ABCDĐGHKLMNPQSTVXY"
POSITIONS = ("Chủ tịch UBND xã", "Phó Chủ tịch UBND phường", "Công chức Tư pháp - Hộ tịch", "Trưởng phòng Nội vụ",
             "Bí thư chi bộ", "Tổ trưởng tổ dân phố", "Chánh Văn phòng", "Công chức Địa chính - Xây dựng")
COLLECTIVE_FORMS = ("tap_the_lao_dong_xuat_sac", "co_thi_dua_cap_bo_tinh", "tap_the_lao_dong_tien_tien")
INDIVIDUAL_FORMS = ("chien_si_thi_dua_co_so", "lao_dong_tien_tien", "chien_si_thi_dua_cap_bo_tinh")
OPEN_FORMS = ("bang_khen", "giay_khen", "bang_khen", "giay_khen", "huan_chuong", "ky_niem_chuong", "bieu_duong")


def fold(text: str) -> str:
    """ASCII slug: Đông Anh -> dong-anh."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


# ---------------------------------------------------------------- a tiny YAML writer (fast, stable)

def to_yaml(value, indent: int = 0) -> str:
    """Block-style YAML for dicts, lists, str (JSON-quoted), int, bool and dates."""
    pad = "  " * indent
    if isinstance(value, dict):
        lines = []
        for key, inner in value.items():
            if isinstance(inner, (dict, list)) and inner:
                lines.append(f"{pad}{key}:\n{to_yaml(inner, indent + 1)}")
            else:
                lines.append(f"{pad}{key}: {_scalar(inner)}")
        return "\n".join(lines)
    if isinstance(value, list):
        lines = []
        for inner in value:
            if isinstance(inner, dict) and inner:
                text = to_yaml(inner, indent + 1)
                lines.append(f"{pad}- " + text[len(pad) + 2:])
            else:
                lines.append(f"{pad}- {_scalar(inner)}")
        return "\n".join(lines)
    return pad + _scalar(value)


_PLAIN = re.compile(r"^[a-z][a-z0-9_-]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(value) -> str:
    if isinstance(value, str) and _PLAIN.match(value) and value not in _YAML_WORDS:
        return value  # ids and vocabulary keys read better unquoted
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value) if not isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, list) and not value:
        return "[]"
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------- the reference data

class _Geography:
    """Localities and units before and after 2025-07-01, sized to the corpus."""

    def __init__(self, rng: random.Random, n: int) -> None:
        count = max(3, min(len(PROVINCES), math.ceil(n / 600)))
        per_province = 3 if n < 2000 else 5
        communes_per_district = 2 if n < 5000 else 4
        self.localities: list[dict] = []
        self.units: list[dict] = []
        self.old_places: list[dict] = []   # (locality id, units ids, province) valid until 2025-06-30
        self.new_places: list[dict] = []   # valid from 2025-07-01
        self.documents: list[dict] = []
        self.themes: list[dict] = []
        self.inspectorates_old: dict[str, str] = {}
        chosen = PROVINCES[:count]
        new_provinces = sorted({p[4] for p in chosen})
        names = {p[0]: p for p in PROVINCES}
        place_pool = list(PLACE_NAMES)
        rng.shuffle(place_pool)

        # provinces after the reorganisation (the merged ones keep the name of the one they merged into)
        for stem in new_provinces:
            _, vi, en, code, _ = names[stem]
            loc = f"{stem}-2025"
            self.localities.append({"id": loc, "name": {"vi": vi, "en": en},
                                    "type": "centrally_run_city" if vi.startswith("Thành phố") else "province",
                                    "valid_from": REORGANISED,
                                    "predecessors": [f"{p[0]}-truoc-2025" for p in chosen if p[4] == stem]})
            units = self._province_units(loc, vi, en, valid_from=REORGANISED)
            self.new_places.append({"locality": loc, "units": [units[2], units[0]], "province": loc, "name": vi,
                                    "roles": _roles(units[2], units[0], units[4], units[3])})
        # provinces before, their districts and communes
        for index, (stem, vi, en, code, merged_into) in enumerate(chosen):
            loc = f"{stem}-truoc-2025"
            self.localities.append({"id": loc, "name": {"vi": f"{vi} (trước 01/7/2025)",
                                                        "en": f"{en} (before 1 July 2025)"},
                                    "type": "centrally_run_city" if vi.startswith("Thành phố") else "province",
                                    "code": {"scheme": "gso-2004", "value": code},
                                    "valid_to": LAST_OLD_DAY, "successors": [f"{merged_into}-2025"]})
            province_units = self._province_units(loc, vi, en, valid_to=LAST_OLD_DAY,
                                                  successor_stem=f"{merged_into}-2025")
            self.old_places.append({"locality": loc, "units": [province_units[2], province_units[0]],
                                    "province": loc, "name": vi,
                                    "roles": _roles(province_units[2], province_units[0], province_units[4],
                                                    province_units[3])})
            self._directives(rng, stem, vi, province_units)
            for year in YEARS:
                self.themes.append({"id": f"chu-de-{stem}-{year}", "scope": loc, "year": year, "kind": "work_theme",
                                    "text": {"vi": rng.choice(("Kỷ cương, trách nhiệm, hành động, sáng tạo",
                                                               "Đoàn kết, dân chủ, kỷ cương, đổi mới",
                                                               "Năm dân vận chính quyền",
                                                               "Năm chuyển đổi số và cải cách hành chính"))
                                             + f" ({year})"}})
            for d in range(per_province):
                place = place_pool[(index * per_province + d) % len(place_pool)]
                rural = rng.random() < 0.7
                word, word_en = ("Huyện", "District") if rural else ("Quận", "District")
                district = f"{'huyen' if rural else 'quan'}-{fold(place)}-{stem}"
                self.localities.append({"id": district, "name": {"vi": f"{word} {place}",
                                                                 "en": f"{fold(place).replace('-', ' ').title()} {word_en}"},
                                        "type": "rural_district" if rural else "urban_district", "parent": loc,
                                        "valid_to": LAST_OLD_DAY, "successors": [f"{merged_into}-2025"]})
                units = self._district_units(district, word, place, province_units, f"{merged_into}-2025")
                district_roles = _roles(units[1], units[0], units[3], units[2])
                self.old_places.append({"locality": district, "units": [units[1], units[0]], "province": loc,
                                        "name": f"{word} {place}", "roles": district_roles})
                for c in range(communes_per_district):
                    cname = f"{COMMUNE_WORDS[(d * 7 + c * 3 + index) % len(COMMUNE_WORDS)]} {place.split()[-1]}"
                    ctype, cword = ("commune", "Xã") if rural else ("ward", "Phường")
                    cid = f"{'xa' if rural else 'phuong'}-{fold(cname)}-{c + 1}-{district}"
                    self.localities.append({"id": cid, "name": {"vi": f"{cword} {cname}"}, "type": ctype,
                                            "parent": district, "valid_to": LAST_OLD_DAY,
                                            "successors": [f"{merged_into}-2025"]})
                    self.units.append({"id": f"ubnd-{cid}", "name": {"vi": f"Ủy ban nhân dân {cword.lower()} {cname}"},
                                       "short_name": {"vi": f"UBND {cword.lower()} {cname}"},
                                       "kind": "peoples_committee", "parent": units[1], "locality": cid,
                                       "valid_to": LAST_OLD_DAY, "successors": [f"ubnd-{merged_into}-2025"]})
                    self.old_places.append({"locality": cid, "units": [f"ubnd-{cid}", units[1]],
                                            "province": loc, "name": f"{cword} {cname}", "roles": district_roles})
        # new communes and wards (from 2025-07-01), directly under the provinces
        for index, stem in enumerate(new_provinces):
            province = f"{stem}-2025"
            for c in range(per_province):
                place = place_pool[(index * 5 + c + 17) % len(place_pool)]
                cid = f"xa-{fold(place)}-{stem}-2025"
                if any(loc["id"] == cid for loc in self.localities):
                    continue
                self.localities.append({"id": cid, "name": {"vi": f"Xã {place}"}, "type": "commune",
                                        "parent": province, "valid_from": REORGANISED})
                self.units.append({"id": f"ubnd-{cid}", "name": {"vi": f"Ủy ban nhân dân xã {place}"},
                                   "short_name": {"vi": f"UBND xã {place}"}, "kind": "peoples_committee",
                                   "parent": f"ubnd-{province}", "locality": cid, "valid_from": REORGANISED})
                self.new_places.append({"locality": cid, "units": [f"ubnd-{cid}", f"ubnd-{province}"],
                                        "province": province, "name": f"Xã {place}",
                                        "roles": _roles(f"ubnd-{province}", f"tinh-uy-{province}",
                                                        f"thanh-tra-{province}", f"ubkt-{province}")})
        self.documents.extend(_NATIONAL_DOCUMENTS)

    def _province_units(self, loc, vi, en, valid_from=None, valid_to=None, successor_stem=None) -> list[str]:
        short = vi.replace("Thành phố ", "").replace("Tỉnh ", "")
        level = "thành phố" if vi.startswith("Thành phố") else "tỉnh"
        made = []
        for prefix, kind, name, short_name in (
                ("tinh-uy", "party_committee", f"{'Thành' if level == 'thành phố' else 'Tỉnh'} ủy {short}",
                 f"{'Thành' if level == 'thành phố' else 'Tỉnh'} ủy {short}"),
                ("btv", "party_standing_committee", f"Ban Thường vụ {'Thành' if level == 'thành phố' else 'Tỉnh'} ủy {short}",
                 f"BTV {'Thành' if level == 'thành phố' else 'Tỉnh'} ủy"),
                ("ubnd", "peoples_committee", f"Ủy ban nhân dân {level} {short}", f"UBND {level} {short}"),
                ("ubkt", "party_inspection_committee", f"Ủy ban Kiểm tra {'Thành' if level == 'thành phố' else 'Tỉnh'} ủy {short}",
                 f"UBKT {'Thành' if level == 'thành phố' else 'Tỉnh'} ủy {short}"),
                ("thanh-tra", "inspectorate", f"Thanh tra {level} {short}", f"Thanh tra {level}"),
                ("so-noi-vu", "department", f"Sở Nội vụ {level} {short}", "Sở Nội vụ"),
                ("cong-an", "police", f"Công an {level} {short}", f"Công an {level}")):
            unit = {"id": f"{prefix}-{loc}", "name": {"vi": name}, "short_name": {"vi": short_name}, "kind": kind,
                    "locality": loc}
            if prefix not in ("tinh-uy", "ubnd"):
                unit["parent"] = f"{'tinh-uy' if kind.startswith('party') else 'ubnd'}-{loc}"
            if valid_from:
                unit["valid_from"] = valid_from
            if valid_to:
                unit["valid_to"] = valid_to
                unit["successors"] = [f"{prefix}-{successor_stem}"]
            self.units.append(unit)
            made.append(unit["id"])
        if valid_to:
            self.inspectorates_old[loc] = f"thanh-tra-{loc}"
        return made

    def _district_units(self, district, word, place, province_units, successor) -> list[str]:
        lower = word.lower()
        made = []
        for prefix, kind, name, short, parent, after in (
                ("huyen-uy", "party_committee", f"{word} ủy {place}", f"{word} ủy {place}", province_units[0], "tinh-uy"),
                ("ubnd", "peoples_committee", f"Ủy ban nhân dân {lower} {place}", f"UBND {lower} {place}",
                 province_units[2], "ubnd"),
                ("ubkt", "party_inspection_committee", f"Ủy ban Kiểm tra {word} ủy {place}",
                 f"UBKT {word} ủy {place}", province_units[3], "ubkt"),
                ("thanh-tra", "inspectorate", f"Thanh tra {lower} {place}", f"Thanh tra {lower}",
                 province_units[4], "thanh-tra"),
                ("cong-an", "police", f"Công an {lower} {place}", f"Công an {lower}", province_units[6], "cong-an")):
            unit = {"id": f"{prefix}-{district}", "name": {"vi": name}, "short_name": {"vi": short}, "kind": kind,
                    "parent": parent, "locality": district, "valid_to": LAST_OLD_DAY,
                    "successors": [f"{after}-{successor}"]}
            self.units.append(unit)
            made.append(unit["id"])
        return made

    def _directives(self, rng, stem, vi, province_units) -> None:
        short = "TU"
        for number, doc_type, title, year in (
                (rng.randint(10, 40), "chi_thi", "Tăng cường kỷ cương, kỷ luật và trách nhiệm giải quyết công việc",
                 rng.choice((2021, 2022, 2023))),
                (rng.randint(1, 12), "nghi_quyet", "Đẩy mạnh phong trào thi đua yêu nước giai đoạn 2021-2025", 2021),
                (rng.randint(100, 250), "ke_hoach", "Kế hoạch kiểm tra, giám sát năm", rng.choice((2022, 2023, 2024)))):
            code = {"chi_thi": "CT", "nghi_quyet": "NQ", "ke_hoach": "KH"}[doc_type]
            self.documents.append({
                "id": f"{code.lower()}-{number}-{stem}-{year}", "number": f"{number:02d}-{code}/{short}",
                "system": "party", "doc_type": doc_type, "issuer": province_units[1],
                "signed": dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                "title": {"vi": f"{title} ({vi})"}, "validity": rng.choice(("in_force", "unknown"))})


_NATIONAL_DOCUMENTS = (
    {"id": "luat-thi-dua-khen-thuong-2022", "number": "06/2022/QH15", "system": "state", "doc_type": "luat",
     "signed": dt.date(2022, 6, 15), "effective": dt.date(2024, 1, 1),
     "title": {"vi": "Luật Thi đua, khen thưởng", "en": "Law on Emulation and Commendation"},
     "validity": "in_force"},
    {"id": "luat-thanh-tra-2022", "number": "11/2022/QH15", "system": "state", "doc_type": "luat",
     "signed": dt.date(2022, 11, 14), "effective": dt.date(2023, 7, 1),
     "title": {"vi": "Luật Thanh tra", "en": "Law on Inspection"}, "validity": "in_force"},
    {"id": "nd-43-2023", "number": "43/2023/NĐ-CP", "system": "state", "doc_type": "nghi_dinh",
     "signed": dt.date(2023, 6, 30), "title": {"vi": "Quy định chi tiết một số điều và biện pháp thi hành "
                                                     "Luật Thanh tra"}, "validity": "in_force"},
)

SERIES = (
    ("inspections-planned", "Cuộc kiểm tra theo kế hoạch", "Planned inspections", "count", "case"),
    ("inspections-unannounced", "Cuộc kiểm tra đột xuất", "Unannounced inspections", "count", "case"),
    ("subjects-inspected", "Đối tượng được thanh tra, kiểm tra", "Subjects inspected", "count", "mixed"),
    ("subjects-violating", "Đối tượng có vi phạm", "Subjects with violations", "count", "mixed"),
    ("subjects-disciplined", "Đối tượng bị xử lý kỷ luật", "Subjects disciplined", "count", "mixed"),
    ("funds-to-recover", "Số tiền kiến nghị thu hồi", "Funds to recover", "vnd", "case"),
    ("satisfaction-rate", "Tỷ lệ hài lòng của người dân", "Residents' satisfaction", "percent", "mixed"),
)


# ---------------------------------------------------------------- records

class _Writer:
    def __init__(self, rng: random.Random, geo: _Geography) -> None:
        self.rng = rng
        self.geo = geo
        self.directives = [d["id"] for d in geo.documents if d["system"] == "party"]
        self.directive_numbers = {d["id"]: d["number"] for d in geo.documents}
        self.unit_names = {u["id"]: u["name"]["vi"] for u in geo.units}

    def common(self, kind_prefix: str, serial: int, year: int) -> tuple[dict, dict, dt.date, dt.date]:
        rng = self.rng
        start = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        end = min(start + dt.timedelta(days=rng.randint(20, 330)), BUILD_DAY - dt.timedelta(days=40))
        if end < start:
            end = start
        old = start <= LAST_OLD_DAY
        if old and end > LAST_OLD_DAY:
            end = LAST_OLD_DAY
        place = rng.choice(self.geo.old_places if old else self.geo.new_places)
        record = {"id": f"{kind_prefix}-{year}-{serial:06d}"}
        return record, place, start, end

    def finish(self, record: dict, place: dict, start: dt.date, end: dt.date, title: str, summary: str,
               tags: list[str], published: dt.date, title_en: str) -> dict:
        rng = self.rng
        record["title"] = {"vi": title} if rng.random() < 0.6 else {"vi": title, "en": title_en}
        record["summary"] = {"vi": summary[:300]}
        record["locality"] = place["locality"]
        record["units"] = sorted(set(place["units"][:rng.randint(1, 2)]))
        record["period"] = {"start": start, "end": end} if rng.random() < 0.8 else {"as_of": end}
        if rng.random() < 0.6:
            record["directives"] = [rng.choice(self.directives)]
        record["tags"] = tags
        publisher, url = rng.choice(PUBLISHERS)
        record["sources"] = [{"url": f"{url}bai-viet-{record['id']}.html", "title": {"vi": title[:120]},
                              "publisher": publisher, "published": published, "language": "vi"}]
        record["published"] = published
        roll = rng.random()
        if roll < 0.01:
            record["status"] = "draft"
        elif roll < 0.015:
            record["status"] = "withdrawn"
            record["corrections"] = [{"date": published + dt.timedelta(days=30),
                                      "note": {"vi": "Gỡ bỏ do nguồn tin đã được cơ quan chức năng đính chính."}}]
        elif roll < 0.04:
            record["status"] = "corrected"
            record["corrections"] = [{"date": published + dt.timedelta(days=rng.randint(3, 60)),
                                      "note": {"vi": "Đính chính tên đơn vị và số liệu theo văn bản gốc.",
                                               "en": "Unit name and figures corrected from the original document."}}]
        elif roll < 0.045:
            record["embargo_until"] = dt.datetime(2099, 1, 1, 8, 0)
        if rng.random() < 0.01:
            record["aliases"] = [f"{record['id']}-cu"]
        return record

    def body(self) -> str:
        rng = self.rng
        paragraphs = [" ".join(rng.sample(SENTENCES, rng.randint(2, 4))) for _ in range(rng.randint(1, 3))]
        return "\n\n".join(paragraphs)

    def model(self, serial: int, year: int) -> dict:
        rng = self.rng
        record, place, start, end = self.common("mh", serial, year)
        field = rng.choice(FIELDS)
        topic = rng.choice(MODEL_TOPICS[field])
        category = rng.choice(("mo_hinh", "cach_lam", "de_an", "phan_viec", "sang_kien"))
        title = f"{place['name']}: mô hình {topic} (số {serial})"
        summary = (f"{place['name']} triển khai {topic} từ năm {start.year}; "
                   f"đã có {rng.randint(2, 40)} khu dân cư, đơn vị tham gia, được người dân đồng tình ủng hộ.")
        record = self.finish(record, place, start, end, title, summary, [topic, "thi đua", "đổi mới"],
                             end + dt.timedelta(days=rng.randint(1, 30)),
                             f"{_english(place['name'])}: {field.replace('_', ' ')} model (no. {serial})")
        record.update({"category": category, "field": field, "owner_units": record["units"][:1],
                       "state": rng.choice(("registered", "running", "completed", "recognised", "replicated"))})
        total = rng.randint(5, 40)
        record["coverage"] = {"count": rng.randint(1, total), "of": total, "label": {"vi": "xã, phường"}}
        record["results"] = [{"indicator": {"vi": "Hồ sơ giải quyết đúng hạn"}, "value": rng.randint(200, 9000),
                              "unit": {"vi": "hồ sơ"}, "qualifier": rng.choice(("exact", "approx", "over")),
                              "as_of": end}]
        return record

    def commendation(self, serial: int, year: int) -> dict:
        rng = self.rng
        record, place, start, end = self.common("kt", serial, year)
        decision_date = min(end + dt.timedelta(days=rng.randint(5, 40)), BUILD_DAY - dt.timedelta(days=20))
        issuer = place["roles"]["party" if rng.random() < 0.2 else "issuer"]
        directive = rng.choice(self.directives)
        roll = rng.random()
        if roll < 0.3:
            form, kinds = rng.choice(COLLECTIVE_FORMS), ("collective",)
        elif roll < 0.55:
            form, kinds = rng.choice(INDIVIDUAL_FORMS), ("individual",)
        else:
            form, kinds = rng.choice(OPEN_FORMS), ("collective", "individual")
        achievement = rng.choice(ACHIEVEMENTS).format(year=start.year, directive=self.directive_numbers[directive])
        form_vi = {"bang_khen": "Bằng khen", "giay_khen": "Giấy khen", "huan_chuong": "Huân chương Lao động hạng Ba",
                   "ky_niem_chuong": "Kỷ niệm chương", "bieu_duong": "Biểu dương"}.get(form, "Danh hiệu thi đua")
        title = f"{form_vi} cho tập thể, cá nhân {place['name']} năm {start.year} (quyết định số {serial})"
        summary = f"{achievement}. Quyết định do {self.unit_names[issuer]} ban hành ngày {decision_date:%d/%m/%Y}."
        record = self.finish(record, place, start, end, title, summary, [form_vi, "khen thưởng", "thi đua"],
                             decision_date + dt.timedelta(days=rng.randint(1, 15)),
                             f"{form.replace('_', ' ').capitalize()} for {_english(place['name'])}, {start.year} "
                             f"(decision no. {serial})")
        record["decision"] = {"number": f"{rng.randint(100, 9999)}/QĐ-{'UBND' if 'ubnd' in issuer else 'TU'}",
                              "date": decision_date, "issuer": issuer,
                              "signer": {"position": {"vi": rng.choice(("Chủ tịch", "Phó Chủ tịch", "Bí thư"))}}}
        record["award_type"] = rng.choice(("achievement", "campaign", "ad_hoc"))
        record["form"] = form
        record["level"] = rng.choice(("ministry_province", "district", "commune", "agency"))
        if rng.random() < 0.25:
            counts = {}
            if "individual" in kinds:
                counts["individuals"] = rng.randint(1, 60)
            if "collective" in kinds:
                counts["collectives"] = rng.randint(1, 20)
            record["recipient_counts"] = counts
        else:
            recipients = []
            for _ in range(rng.randint(1, 5)):
                kind = rng.choice(kinds)
                if kind == "collective":
                    recipients.append({"kind": "collective", "unit": rng.choice(place["units"]),
                                       "achievement": {"vi": achievement}})
                else:
                    name = ".".join(rng.choice(INITIALS) for _ in range(3)) + "."
                    recipient = {"kind": "individual", "name": {"vi": name},
                                 "position_at_time": {"vi": rng.choice(POSITIONS)},
                                 "achievement": {"vi": achievement}}
                    if form in ("bang_khen", "giay_khen") and rng.random() < 0.5:
                        recipient["amount_vnd"] = rng.choice((500000, 1000000, 1500000, 2000000))
                    recipients.append(recipient)
            record["recipients"] = recipients
        record["campaign"] = directive
        state = rng.choice(("decided", "decided", "presented", "proposed"))
        if rng.random() < 0.02:
            state = "revoked"
            record["revocation"] = {"decision": f"{rng.randint(10, 999)}/QĐ-UBND",
                                    "date": decision_date + dt.timedelta(days=10),
                                    "ground": {"vi": "Hồ sơ đề nghị khen thưởng kê khai không trung thực."}}
        record["state"] = state
        return record

    def inspection(self, serial: int, year: int) -> dict:
        rng = self.rng
        record, place, start, end = self.common("tt", serial, year)
        aggregate = rng.random() < 0.3
        regime = rng.choice(("state_inspection", "party_inspection", "party_supervision", "public_service_check",
                             "administrative_check"))
        body = place["roles"][{"state_inspection": "state_inspector", "party_inspection": "party_inspector",
                               "party_supervision": "party"}.get(regime, "issuer")]
        if aggregate:
            title = f"{place['name']}: kết quả thanh tra, kiểm tra {start.year} (báo cáo số {serial})"
            inspected = rng.randint(10, 120)
            violating = rng.randint(0, inspected)
            disciplined = rng.randint(0, violating)
            summary = (f"Trong kỳ, đã thanh tra, kiểm tra {inspected} đối tượng, phát hiện {violating} đối tượng "
                       f"có vi phạm, xử lý kỷ luật {disciplined} đối tượng.")
        else:
            title = f"Kết luận thanh tra tại {place['name']} năm {start.year} (kết luận số {serial})"
            summary = rng.choice(FINDINGS)[1] + f"; đoàn kiểm tra làm việc từ {start:%d/%m/%Y}."
        record = self.finish(record, place, start, end, title, summary, ["thanh tra", "kiểm tra", "kỷ cương"],
                             end + dt.timedelta(days=rng.randint(12, 35)),
                             f"{'Inspection totals' if aggregate else 'Inspection conclusion'} in "
                             f"{_english(place['name'])}, {start.year} (no. {serial})")
        record.update({"regime": regime, "grain": "aggregate" if aggregate else "single", "inspecting_body": body})
        record["content"] = {"vi": "Kiểm tra việc thực hiện chức trách, nhiệm vụ và giải quyết thủ tục hành chính"}
        if aggregate:
            period = {"start": start, "end": end}
            record["statistics"] = [
                {"series": series, "value": value, "qualifier": "exact", "locality": place["locality"],
                 "reporting_body": body, "period": period}
                for series, value in (("subjects-inspected", inspected), ("subjects-violating", violating),
                                      ("subjects-disciplined", disciplined))]
            return record
        record["mode"] = rng.choice(("planned", "unannounced", "thematic", "signs_of_violation"))
        record["subjects"] = [{"unit": rng.choice(place["units"][:1]), "kind": "organization"}]
        record["period_covered"] = {"start": dt.date(start.year - 1, 1, 1), "end": dt.date(start.year - 1, 12, 31)}
        signed = end
        record["conclusion"] = {"number": f"{rng.randint(1, 300)}/KL-TTr", "signed": signed,
                                "signer": {"position": {"vi": "Chánh Thanh tra"}}}
        chosen = rng.sample(FINDINGS, rng.randint(1, 3))
        record["findings"] = [{"text": {"vi": text}, "class": cls} for cls, text in chosen]
        if any(cls == "violation" for cls, _ in chosen):
            amount = rng.randint(5, 900) * 1_000_000
            record["financial"] = {"to_recover_vnd": amount, "recovered_vnd": rng.randint(0, amount // 1_000_000)
                                   * 1_000_000, "qualifier": "exact"}
            record["recommendations"] = [{"id": "r1", "text": {"vi": "Thu hồi số tiền chi sai chế độ nộp ngân sách."},
                                          "to": body, "due": signed + dt.timedelta(days=60),
                                          "status": rng.choice(("open", "in_progress", "implemented"))}]
        if regime == "state_inspection":
            posted = signed + dt.timedelta(days=rng.randint(2, 14))
            record["publication"] = {"posted_on": posted, "posted_until": posted + dt.timedelta(days=rng.randint(10, 40))}
        return record


def _roles(issuer: str, party: str, state_inspector: str, party_inspector: str) -> dict:
    """Which unit of a place issues decisions and which inspects, by regime."""
    return {"issuer": issuer, "party": party, "state_inspector": state_inspector, "party_inspector": party_inspector}


def _english(name: str) -> str:
    """A place name without diacritics, as English texts write it: Xã Hưng Cát -> Hung Cat Commune."""
    for word, english in (("Xã ", " Commune"), ("Phường ", " Ward"), ("Huyện ", " District"), ("Quận ", " District"),
                          ("Thành phố ", " City"), ("Tỉnh ", " Province")):
        if name.startswith(word):
            return fold(name[len(word):]).replace("-", " ").title() + english
    return fold(name).replace("-", " ").title()


def _record_file(record: dict, body: str) -> str:
    return "---\n" + to_yaml(record) + "\n---\n" + body + "\n"


# ---------------------------------------------------------------- the project

SITE_YAML = """\
# A synthetic benchmark corpus written by bench/corpus.py: every record is invented.
title:
  vi: "Kho hồ sơ thử nghiệm: thi đua, khen thưởng và thanh tra"
  en: "Test corpus: emulation, commendation and inspection records"
description:
  vi: "Dữ liệu tổng hợp, sinh tự động để đo hiệu năng; không phải hồ sơ có thật."
  en: "Synthetic data generated to measure performance; not real records."
base_url: https://corpus.example.org/
languages: [vi, en]
default_language: vi
theme: default
publisher: {vi: "Nhóm phát triển site-builder", en: "site-builder developers"}
licence: {vi: "CC BY 4.0", en: "CC BY 4.0"}
contact:
  email: bientap@example.org
"""

ABOUT = """\
---
id: about
title: {vi: "Giới thiệu", en: "About"}
---
Kho hồ sơ này được sinh tự động để đo hiệu năng của site-builder; mọi hồ sơ đều là giả định.
"""


def write_corpus(out_dir, n: int, seed: int = 1) -> Path:
    """Write a complete project of ``n`` records into ``out_dir`` (created; existing files are replaced)."""
    out = Path(out_dir)
    rng = random.Random(seed)
    geo = _Geography(rng, n)
    data = out / "content" / "data"
    data.mkdir(parents=True, exist_ok=True)
    (out / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (out / "content" / "pages").mkdir(parents=True, exist_ok=True)
    (out / "content" / "pages" / "about.md").write_text(ABOUT, encoding="utf-8")
    (data / "localities.yaml").write_text(to_yaml(geo.localities) + "\n", encoding="utf-8")
    (data / "units.yaml").write_text(to_yaml(geo.units) + "\n", encoding="utf-8")
    (data / "documents.yaml").write_text(to_yaml(geo.documents) + "\n", encoding="utf-8")
    (data / "themes.yaml").write_text(to_yaml(geo.themes) + "\n", encoding="utf-8")
    (data / "series.yaml").write_text(to_yaml([
        {"id": sid, "label": {"vi": vi, "en": en}, "unit": unit, "subject_kind": subject}
        for sid, vi, en, unit, subject in SERIES]) + "\n", encoding="utf-8")
    observations = []
    for place in geo.old_places[: max(5, n // 50)]:
        year = rng.choice(YEARS[:-1])
        observations.append({"id": f"obs-{place['locality']}-{year}", "series": "satisfaction-rate",
                             "value": rng.randint(70, 99), "qualifier": "approx", "locality": place["locality"],
                             "reporting_body": place["units"][0], "as_of": dt.date(year, 12, 31)})
    (data / "observations.yaml").write_text(to_yaml(observations) + "\n", encoding="utf-8")

    writer = _Writer(rng, geo)
    folders = {"mh": "models", "kt": "commendations", "tt": "inspections"}
    bulk: dict[tuple[str, int], list[dict]] = {}
    for serial in range(1, n + 1):
        roll = rng.random()
        year = rng.choices(YEARS, weights=(6, 8, 10, 12, 14, 16, 12))[0]
        if roll < 0.25:
            record = writer.model(serial, year)
        elif roll < 0.75:
            record = writer.commendation(serial, year)
        else:
            record = writer.inspection(serial, year)
        prefix = record["id"].split("-", 1)[0]
        body = writer.body()
        if rng.random() < 0.3:
            record["body_en"] = " ".join(rng.sample(SENTENCES_EN, 2))
        if rng.random() < 0.1:  # bulk entry: many small records in one YAML file
            record["body"] = body
            bulk.setdefault((folders[prefix], year), []).append(record)
            continue
        folder = out / "content" / folders[prefix] / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{record['id']}.md").write_text(_record_file(record, body), encoding="utf-8")
    for (folder_name, year), records in sorted(bulk.items()):
        folder = out / "content" / folder_name / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for start in range(0, len(records), 200):
            (folder / f"bulk-{start // 200 + 1:03d}.yaml").write_text(
                "# Bulk entry: several records in one file.\n" + to_yaml({"records": records[start:start + 200]})
                + "\n", encoding="utf-8")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of records")
    parser.add_argument("out_dir", help="folder to write the project into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    started = time.perf_counter()
    out = write_corpus(args.out_dir, args.n, args.seed)
    files = sum(1 for _ in (out / "content").rglob("*") if _.is_file())
    print(f"Wrote {args.n:,} records ({files:,} files) into {out} in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
