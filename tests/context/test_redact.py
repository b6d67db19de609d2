"""The redactor on the corpus of secret formats (every one redacted) and on ordinary code (left alone)."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.context.redact import REDACTED, redact

_CORPUS_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "secrets" / "corpus.tsv"
CORPUS: list[tuple[str, str, str]] = [
    (fmt, line, secret)
    for row in _CORPUS_FILE.read_text(encoding="utf-8").splitlines()
    if row and not row.startswith("#")
    for fmt, line, secret in [row.split("\t")]
]

ORDINARY = [
    "tokens = tokenize.generate_tokens(readline)",
    "password = getpass.getpass('Password: ')",
    'expected_sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"',
    'digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"',
    'api_key = os.environ["OPENAI_API_KEY"]',
    'secret_name = "db-password"',
    'TOKEN_URL = "https://oauth2.googleapis.com/token"',
    "self.auth_handler = urllib.request.HTTPBasicAuthHandler()",
    "conn = connect(host=host, password=password, user=user)",
    'author = "Guido van Rossum"',
    'key_file = "client_secret_2.json"',
    'headers = {"Authorization": f"Bearer {token}"}',
    'request_id = "123e4567-e89b-12d3-a456-426614174000"',
    "const token = req.headers.authorization;",
    'export const ACCESS_TOKEN_KEY = "access_token";',
    'sessionStorage.setItem("token", token);',
    "if token.type == TokenType.NAME and token.string == 'async':",
    'url = "https://docs.python.org/3/library/secrets.html"',
    'AUTH_HEADER = "X-Api-Key"',
    "The Bearer token is sent in the Authorization header.",
    "Basic authentication sends the user name and password in base64.",
    "private_key = load_pem_private_key(data, password=None)",
    'credentials = {"user": user, "password": password}',
    "func TokenSource(ctx context.Context) oauth2.TokenSource {",
    'placeholder = "postgres://user:password@localhost/db"',
    'export const SECRET_KEY_ENV = "SECRET_KEY";',
    "let passwordField = document.getElementById('password-input');",
    "GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
    # Once redacted in the standard library (bench/redaction.py's audit): names, test rows, argument lists.
    "token_type = 'bare-quoted-string'",
    "conn = self._Client(token.address, authkey=self._authkey)",
    '"tokens", "symbol2label"):',
    "(None, 'joe', 'password', 'proxy.example.com:3128')),",
    "def add_password(self, realm, uri, user, passwd, is_authenticated=False):",
    "'PBKDF2PARAM', 'x509_lookup_method_st', 'pem_password_cb', 'X509_info_st', 'x509_store_st',",
    "('http', 'user/name', 'password', 'localhost:22')),",
]


@pytest.mark.parametrize(("fmt", "line", "secret"), CORPUS, ids=[row[0] for row in CORPUS])
def test_every_format_of_the_corpus_is_redacted(fmt: str, line: str, secret: str) -> None:
    text, count = redact(line)
    assert secret not in text and REDACTED in text and count >= 1, fmt
    # Redacting redacted text changes nothing: markers are never redacted again.
    assert redact(text) == (text, 0)


def test_the_corpus_covers_at_least_forty_formats() -> None:
    assert len({fmt for fmt, _line, _secret in CORPUS}) == len(CORPUS) >= 40


@pytest.mark.parametrize("line", ORDINARY)
def test_ordinary_code_is_left_alone(line: str) -> None:
    assert redact(line) == (line, 0)


def test_a_secret_is_redacted_wherever_it_stands_in_a_longer_text() -> None:
    text = "\n".join(line for _fmt, line, _secret in CORPUS)
    redacted, count = redact(text)
    assert count >= len(CORPUS)
    assert [fmt for fmt, _line, secret in CORPUS if secret in redacted] == []
