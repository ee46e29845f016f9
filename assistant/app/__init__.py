"""The coder and auditor workspace (Gradio): `python app.py` starts it on embedded defaults."""
from __future__ import annotations

import argparse
import getpass
import os

from assistant.app.users import hash_password, load_users, parse_auth  # noqa: F401  (parse_auth: public)

MAX_UPLOAD = "60mb"  # Gradio refuses larger uploads before they reach the handlers
WARM_UP_NOTE = "Anesthesia start 08:00, end 08:30. Excision of lipoma, forearm. ASA 1."


def _hash_user(name: str, role: str) -> None:
    from assistant.app.users import _role

    role = _role(role, "--hash-user")
    password = getpass.getpass(f"Password for {name}: ")
    if not password or password != getpass.getpass("Again: "):
        raise SystemExit("the passwords are empty or differ")
    print(f"{name} {role} {hash_password(password)}")


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home
    parser = argparse.ArgumentParser(description="Anesthesia coding assistant: coder and auditor workspace")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", 7860)))
    parser.add_argument("--hash-user", nargs=2, metavar=("NAME", "ROLE"),
                        help="print a users-file line (name role scrypt hash) for ASSISTANT_APP_USERS and exit")
    args = parser.parse_args(argv)
    if args.hash_user:
        _hash_user(*args.hash_user)
        return

    from assistant.app.security import LoginGuard, private_files

    private_files()  # before gradio is imported: it reads GRADIO_TEMP_DIR once
    from assistant.app.ui import CSS, HEAD, build_app
    from assistant.pipeline import code_note
    from assistant.settings import get_settings

    users = load_users(get_settings().app_auth, os.environ.get("ASSISTANT_APP_USERS") or None)
    guard = LoginGuard(users) if users else None
    from assistant.diagnosis import warm_up

    code_note(WARM_UP_NOTE, "commercial")  # load the NLP pipeline once, before users arrive
    warm_up()  # and the ICD-10-CM index and the Elixhauser table
    demo = build_app(roles=guard)
    demo.launch(server_name=args.host, server_port=args.port, auth=guard,
                auth_message="Sign in to the coding workspace" if guard else None,
                run_history=False,  # Gradio would keep every pasted note in the browser's localStorage
                max_file_size=MAX_UPLOAD, show_error=False, css=CSS, head=HEAD, theme="default", footer_links=[],
                ssr_mode=False, quiet=False)
