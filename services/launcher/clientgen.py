"""The services' OpenAPI documents and the Python clients generated from them (`make client`).

`contracts/openapi/<service>.json` is each service's document as its code declares it; `clients/<service>/`
is what openapi-python-client makes of that document alone, with `openapi.sha256` naming the document
it was made from. `ruralwatch demo` plays 2022 through those clients: the proof that another system
can integrate from the documents, with nothing of ours but them.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("alerts", "households", "loans", "reports")
GENERATOR = "openapi-python-client"


def openapi_document(service: str) -> dict[str, Any]:
    app = importlib.import_module(f"services.{service}.app").create_app()
    doc: dict[str, Any] = app.openapi()
    return doc


def document_text(service: str) -> str:
    return json.dumps(openapi_document(service), indent=2, ensure_ascii=False) + "\n"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_documents(out: Path = ROOT / "contracts" / "openapi") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for service in SERVICES:
        path = out / f"{service}.json"
        path.write_text(document_text(service), encoding="utf-8")
        paths.append(path)
    return paths


def generate_clients(generator: str, documents: Path, out: Path = ROOT / "clients") -> list[Path]:
    """Run the generator on each committed document; `clients/<service>` is replaced whole."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "__init__.py").write_text(
        '"""Clients generated from contracts/openapi by `make client` (do not edit by hand)."""\n',
        encoding="utf-8",
    )
    made = []
    for service in SERVICES:
        document = documents / f"{service}.json"
        target = out / service
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run(
            [generator, "generate", "--path", str(document), "--meta", "none", "--output-path", str(target)],
            check=True,
        )
        (target / "openapi.sha256").write_text(
            digest(document.read_text(encoding="utf-8")) + "\n", encoding="utf-8"
        )
        made.append(target)
    return made


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m services.launcher.clientgen", description=__doc__)
    parser.add_argument("--documents", type=Path, default=ROOT / "contracts" / "openapi")
    parser.add_argument("--out", type=Path, default=ROOT / "clients")
    parser.add_argument("--generator", default=GENERATOR, help="the openapi-python-client executable")
    parser.add_argument("--documents-only", action="store_true", help="write the documents, no clients")
    args = parser.parse_args(argv)
    for path in write_documents(args.documents):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    if not args.documents_only:
        for path in generate_clients(args.generator, args.documents, args.out):
            print(f"generated {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
