"""How to cite the report: the citation text of an edition, from CITATION.cff and edition.yml.

CITATION.cff (at the project root) names the title and authors; the edition (`helpers.data.edition`)
gives the version and dates. The report's "Cách trích dẫn" section, the data package and the
downloads README all print `citation_text`.
"""

from __future__ import annotations

from pathlib import Path

from helpers import PROJECT_ROOT
from helpers.data.edition import Edition, load_edition
from helpers.data.yaml_text import safe_load

CITATION_FILE = PROJECT_ROOT / "CITATION.cff"
HEADING = "Cách trích dẫn"


def _date(d) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def load_cff(path: Path | None = None) -> dict:
    return safe_load(Path(path or CITATION_FILE).read_text(encoding="utf-8")) or {}


def citation_text(cff: dict | None = None, edition: Edition | None = None) -> str:
    """"Authors (year). Title. Ấn bản id, công bố ngày d/m/yyyy; số liệu đến ngày d/m/yyyy.\""""
    cff = cff if cff is not None else load_cff()
    edition = edition or load_edition()
    authors = ", ".join(str(a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names")))))
                        for a in cff.get("authors", []))
    return (f"{authors} ({edition.published.year}). {cff['title']}. Báo cáo chỉ số thường niên, ấn bản "
            f"{edition.id}, công bố ngày {_date(edition.published)}; số liệu của các nguồn đăng đến ngày "
            f"{_date(edition.cutoff)}.")


def citation_markdown(cff: dict | None = None, edition: Edition | None = None) -> str:
    """The report's "Cách trích dẫn" section (Markdown, unnumbered)."""
    return (f"\n\n# {HEADING} {{.unnumbered}}\n\n{citation_text(cff, edition)}\n\n"
            "Khi dùng một hình hoặc bảng, ghi thêm số của hình, bảng đó và nguồn gốc của số liệu in "
            "dưới chú thích (“Nguồn: …”); số liệu của từng hình, bảng có thể tải về ngay dưới hình, bảng. "
            "Dòng nguồn dưới mỗi hình nêu trước đơn vị công bố gốc của số liệu (cơ quan công bố số liệu, đặt "
            "mục tiêu hoặc báo cáo kết quả của mình) khi trang nguồn nêu tên, rồi đến trang đã đăng số liệu; "
            "khi trang nguồn không nêu, dòng nguồn ghi “đơn vị công bố gốc: nguồn không nêu”. "
            "Thông tin trích dẫn cho phần mềm đọc được nằm trong tệp CITATION.cff của mã nguồn và "
            "trong gói dữ liệu (data/datapackage.json).\n")
