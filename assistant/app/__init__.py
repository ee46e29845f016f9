"""The coder and auditor workspace (Gradio): `python app.py` starts it on embedded defaults."""
from __future__ import annotations

import argparse
import os

MAX_UPLOAD = "60mb"  # Gradio refuses larger uploads before they reach the handlers


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    """ASSISTANT_APP_AUTH="user:password" or "alice:pw1,bob:pw2" -> Gradio auth pairs; None turns login off."""
    if not value:
        return None
    pairs = []
    for item in value.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise SystemExit("ASSISTANT_APP_AUTH must be user:password (comma-separated for several users)")
        pairs.append((user, password))
    return pairs


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home
    parser = argparse.ArgumentParser(description="Anesthesia coding assistant: coder and auditor workspace")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", 7860)))
    args = parser.parse_args(argv)

    from assistant.app.security import LoginGuard, private_files

    private_files()  # before gradio is imported: it reads GRADIO_TEMP_DIR once
    from assistant.app.ui import CSS, build_app
    from assistant.pipeline import code_note
    from assistant.settings import get_settings

    auth = parse_auth(get_settings().app_auth)
    code_note("Anesthesia start 08:00, end 08:30. Excision of lipoma, forearm. ASA 1.", "commercial")  # load the NLP pipeline once, before users arrive
    demo = build_app()
    demo.launch(server_name=args.host, server_port=args.port, auth=LoginGuard(auth) if auth else None,
                auth_message="Sign in to the coding workspace" if auth else None,
                run_history=False,  # Gradio would keep every pasted note in the browser's localStorage
                max_file_size=MAX_UPLOAD, show_error=False, css=CSS, theme="default", footer_links=[], ssr_mode=False, quiet=False)
