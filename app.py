"""Coder and auditor workspace: `python app.py` (then open http://127.0.0.1:7860).

Embedded defaults: no key, no server, cases in data/assistant.db. ASSISTANT_DATABASE_URL
takes any SQLAlchemy URL (PostgreSQL for a team); ASSISTANT_APP_AUTH="user:password" turns on login.
"""
from assistant.app import main

if __name__ == "__main__":
    main()
