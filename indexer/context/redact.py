"""Redaction: secret-looking strings are replaced by «redacted» before any text reaches a model or the store.

Two detectors. Provider formats with a fixed shape (`secret_rules.RULES`, adapted from gitleaks) are found
wherever they stand. Secrets without a shape (passwords, generic API keys) are found by the name they are
given: a value assigned, passed, or mapped to a secret-sounding name (`api_key = "..."`,
`{"password": "..."}`, `("X-API-Key", "...")`, `token: ...` in YAML, `Password=...;` in a connection
string) is redacted when it looks opaque (mixed letters and digits, or high entropy) rather than like a
word, a name, a path or a placeholder. Redaction is idempotent: redacting redacted text changes nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from .secret_rules import COMPILED

REDACTED = "«redacted»"

# Rules whose captured value must still look opaque: their prefix ("Bearer", "Basic", a URL's userinfo)
# also appears in prose and documentation.
_CHECKED = frozenset({"url-password", "authorization-bearer", "authorization-basic"})

_NAME = r"""(?:api[_\-.]?key|apikey|secret|token|passw(?:or)?d|passwd|\bpwd|passphrase|credentials?|
    \bauth(?!or)[_\-]?(?:key|token)?\b|access[_\-]?key|private[_\-]?key|signing[_\-]?key|session[_\-]?key|
    x-api-key|authorization|bearer|webhook[_\-]?url|\bdsn\b|conn(?:ection)?[_\-]?str(?:ing)?)"""
# Where a secret-sounding name may begin, in lower-cased text: one scan for plain literals, which `re` runs
# many times faster than `_NAME` with IGNORECASE and word boundaries; each hit is matched in place by
# `_ASSIGNED`, which checks the rest.
_KEYWORD = re.compile(
    "api|secret|token|passw|pwd|passphrase|credential|auth|access|private|signing|session|x-api|bearer|"
    "webhook|dsn|conn"
)
# The rest of the name, then how a value is bound to it: `=`, `:`, `:=`, `=>`, or the comma of a pair
# (`("X-API-Key", "...")`, `headers.set("token", "...")`), and the value, quoted or bare.
_ASSIGNED = re.compile(
    r"""(?ix)"""
    + _NAME
    + r"""[\w.\-]*(?P<nq>["'`]?)\s*(?P<sep>=|:=|=>|:|,)\s*(?:[rbuf]{0,2}(?=["'`]))?
    (?:
        (?P<quote>["'`])(?P<quoted>[^"'`\s\\]{6,400})(?P=quote)
      | (?P<bare>(?<![\w"'`])[A-Za-z0-9+/=_\-.~!@\#$%^&*]{8,400})(?=[\s;,)}\]"'`]|$)
    )
    """
)
_CONNECTION = re.compile(r"(?i)(?:^|[;\"'])\s*(?:password|pwd)=(?P<s>[^;'\"\s()]{3,200})(?=;|$|[\"'\s])")

_PLACEHOLDERS = frozenset(
    {
        "password",
        "passwd",
        "secret",
        "changeme",
        "example",
        "redacted",
        "placeholder",
        "xxxxxx",
        "none",
        "null",
        "undefined",
        "true",
        "false",
        "your-api-key",
        "your_api_key",
        "dummy",
        "notasecret",
        "*****",
    }
)
_FILE_NAME = re.compile(
    r"^[\w\-./]+\.(?:json|pem|txt|key|ya?ml|py|cfg|ini|env|crt|p12|pfx|toml|js|ts)$", re.I
)
_IDENTIFIER_PATH = re.compile(r"^[A-Za-z_][A-Za-z_]*(?:\.[A-Za-z_]\w*)*(?:\(\))?$")
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_WORDS = re.compile(r"^[A-Za-z]+(?:[-_ .][A-Za-z]+)*$")
_HOST = re.compile(r"^[a-z0-9.\-]+(?:\.[a-z]{2,}(?::\d+)?|:\d+)$")
# An identifier of short parts joined by underscores (`X509_info_st`, `utf_8_sig`): a name, not a key.
_SNAKE = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,11}(?:_[A-Za-z0-9]{1,12})+$")


def redact(text: str) -> tuple[str, int]:
    """`text` with secrets replaced by «redacted», and how many were replaced."""
    count = 0

    def whole(match: re.Match[str]) -> str:
        nonlocal count
        if _inside_word(match):
            return match.group(0)
        count += 1
        return REDACTED

    def group(match: re.Match[str]) -> str:
        nonlocal count
        value = match.group("s")
        checked = match.re in _CHECKED_PATTERNS
        if _inside_word(match) or REDACTED in value or (checked and not _opaque(value, password=True)):
            return match.group(0)
        count += 1
        start, end = match.span("s")
        base = match.start()
        whole_text = match.group(0)
        return whole_text[: start - base] + REDACTED + whole_text[end - base :]

    # What each line holds is known from its text (`_hints`): while nothing was redacted, what the whole text
    # holds is what its lines do; once something was, the text itself is searched again.
    rules, keyword, password = _hints(text)
    for i, (pattern, literals) in enumerate(_PLAN):
        if literals and not (any(literal in text for literal in literals) if count else i in rules):
            continue
        text = pattern.sub(group if "s" in pattern.groupindex else whole, text)

    if count or keyword:
        text, found = _redact_assigned(text)
        count += found
    if _password_hint(text) if count else password:
        text = _CONNECTION.sub(group, text)
    return text, count


def _password_hint(text: str) -> bool:
    """Whether a connection string's password may stand in `text` (`_CONNECTION` is run only then)."""
    return "assword" in text or "ASSWORD" in text or "pwd" in text.lower()


_Hints = tuple[frozenset[int], bool, bool]
_NONE: _Hints = (frozenset(), False, False)
_LINE_HINTS: dict[str, _Hints] = {}
_KEPT_LINES = 50_000


def _hints(text: str) -> _Hints:
    """Which of `_PLAN`'s rules have a literal in `text`, whether a secret-sounding name (`_KEYWORD`) does,
    and whether a connection string's password may: the union of its lines', each kept by its text. No
    literal, name or hint holds a line break, so each stands in the text where it stands in one of its lines.
    A packing's every rendering is a new text of mostly the same lines, and searching each for the rules'
    ~150 literals cost ~0.45 ms a 7 kB prompt, the names' scan ~0.3 ms more."""
    found: list[_Hints] = []
    new: dict[str, None] = {}
    # Each line's hints read once (another thread may start the kept hints over meanwhile): those not kept
    # are worked out here and used from here.
    for line in text.split("\n"):
        hints = _LINE_HINTS.get(line)
        if hints is None:
            new[line] = None
        elif hints is not _NONE:
            found.append(hints)
    if new:
        found.extend(hints for hints in _learn(list(new)) if hints is not _NONE)
    rules: set[int] = set()
    for held, _, _ in found:
        rules |= held
    return frozenset(rules), any(h[1] for h in found), any(h[2] for h in found)


def _learn(lines: list[str]) -> list[_Hints]:
    """The hints of `lines`, not kept yet, in order, and kept: each rule, the names and the password hint
    looked for in them all joined (one search each), then line by line only for what the joined lines hold."""
    if len(_LINE_HINTS) + len(lines) > _KEPT_LINES:
        _LINE_HINTS.clear()
    joined = "\n".join(lines)
    rules = [(i, lits) for i, (_, lits) in enumerate(_PLAN) if lits and any(lit in joined for lit in lits)]
    keyword = _KEYWORD.search(ascii_lowered(joined)) is not None
    password = _password_hint(joined)
    learned: list[_Hints] = []
    for line in lines:
        held = frozenset(i for i, lits in rules if any(lit in line for lit in lits))
        named = keyword and _KEYWORD.search(ascii_lowered(line)) is not None
        hinted = password and _password_hint(line)
        hints = _LINE_HINTS[line] = (held, named, hinted) if held or named or hinted else _NONE
        learned.append(hints)
    return learned


def _redact_assigned(text: str) -> tuple[str, int]:
    """`text` with the opaque values bound to secret-sounding names redacted, and how many."""
    lowered = ascii_lowered(text)
    out: list[str] = []
    kept = count = 0
    for hit in _KEYWORD.finditer(lowered):
        if hit.start() < kept:
            continue
        match = _ASSIGNED.match(text, hit.start())
        if match is None:
            continue
        quoted = match.group("quoted")
        name = "quoted" if quoted is not None else "bare"
        # A comma binds a value only in a pair of strings (`("X-API-Key", "...")`); elsewhere it separates
        # arguments (`f(token, auth=x)`), and even a pair is often a row of test data or a list of names.
        pair = match.group("sep") == ","
        if pair and (quoted is None or not match.group("nq")):
            continue
        password = not pair and re.search("pass|pwd", lowered[hit.start() : match.start(name)]) is not None
        if not _opaque(match.group(name), strict=quoted is None or pair, password=password):
            continue
        start, end = match.span(name)
        out.extend((text[kept:start], REDACTED))
        kept = end
        count += 1
    if not count:
        return text, 0
    out.append(text[kept:])
    return "".join(out), count


def ascii_lowered(text: str) -> str:
    """`text` with its ASCII letters lower-cased and every other character kept in place (a non-ASCII one as
    NUL), so the positions of the result are those of `text`: only ASCII letters change case in the names
    searched for. Every packed prompt holds a non-ASCII gap marker (`…`), and `str.translate` of a 7 kB
    prompt cost ~0.9 ms where the few non-ASCII characters replaced and `lower` of ASCII text cost ~0.05."""
    if not text.isascii():
        text = _NON_ASCII.sub("\0", text)
    return text.lower()


def _inside_word(match: re.Match[str]) -> bool:
    """The match begins in the middle of a word (`xAKIA...`), which the rules do not check themselves."""
    start = match.start()
    if start == 0 or not (match.string[start].isalnum() or match.string[start] == "_"):
        return False
    return match.string[start - 1].isalnum() or match.string[start - 1] == "_"


def _opaque(value: str, *, strict: bool = False, password: bool = False) -> bool:
    """Looks like a credential rather than a word, a name, a path, a URL, a file name or a placeholder."""
    if REDACTED in value or value.lower().strip("<>{}[]$%") in _PLACEHOLDERS:
        return False
    if value[0] in "$%{<" or "://" in value or value.startswith(("/", "./", "~/", "..")):
        return False
    if _FILE_NAME.match(value) or _ENV_NAME.match(value) or _IDENTIFIER_PATH.match(value):
        return False
    if len(set(value)) < 4 or _HOST.match(value):
        return False
    digits = sum(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    if password and not strict:
        # A password needs no length or entropy to be one; a word with a digit or symbol in it will do.
        return has_alpha and (digits > 0 or any(not c.isalnum() for c in value))
    if _SNAKE.match(value):
        return False
    if _WORDS.match(value):
        # Words joined by dashes or underscores (`bare-quoted-string`) are names, unless as random as a key.
        return len(value) >= 16 and _entropy(value) >= 4.0
    if digits and has_alpha:
        # One digit among letters is a name (`symbol2label`, `utf8_codec`); a key mixes many.
        return (digits >= 2 or value.endswith("=")) and (
            not strict or len(value) >= 12 or value.endswith("=")
        )
    return len(value) >= 16 and _entropy(value) >= 3.5


def _entropy(value: str) -> float:
    """Shannon entropy of `value`'s characters, in bits per character."""
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in Counter(value).values())


_CHECKED_PATTERNS = frozenset(pattern for name, pattern in COMPILED if name in _CHECKED) | {_CONNECTION}
# The literals one of which every match of a rule contains: most texts hold none of them, and a substring
# test costs a fraction of a regular-expression scan.
_LITERALS: dict[str, tuple[str, ...]] = {
    "private-key": ("PRIVATE KEY",),
    "aws-access-key-id": ("A3T", "AKIA", "ASIA", "ABIA", "ACCA"),
    "github-token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    "github-fine-grained-pat": ("github_pat_",),
    "gitlab-token": ("gl",),
    "slack-token": ("xox",),
    "slack-app-token": ("xapp-",),
    "slack-webhook": ("hooks.slack.com",),
    "discord-webhook": ("/api/webhooks/",),
    "teams-webhook": (".webhook.office.com",),
    "stripe-key": ("sk_live_", "sk_test_", "sk_prod_", "rk_live_", "rk_test_", "rk_prod_"),
    "openai-anthropic-key": ("sk-",),
    "google-api-key": ("AIza",),
    "google-oauth-token": ("ya29.",),
    "jwt": ("eyJ",),
    "huggingface-token": ("hf_",),
    "npm-token": ("npm_",),
    "pypi-token": ("pypi-",),
    "twilio-key": ("SK",),
    "sendgrid-key": ("SG.",),
    "mailgun-key": ("key-",),
    "mailchimp-key": ("-us",),
    "shopify-token": ("shpat_", "shpss_", "shpca_", "shppa_"),
    "digitalocean-token": ("_v1_",),
    "telegram-bot-token": (":AA",),
    "azure-ad-client-secret": ("Q~",),
    "azure-storage-key": ("Key=", "key="),
    "azure-sas-signature": ("sig=",),
    "square-token": ("sq0atp", "sq0csp", "EAAA"),
    "atlassian-token": ("ATATT3",),
    "databricks-token": ("dapi",),
    "doppler-token": ("dp.",),
    "dropbox-token": ("sl.",),
    "facebook-token": ("EAA",),
    "linear-key": ("lin_api_",),
    "postman-key": ("PMAK-",),
    "pulumi-token": ("pul-",),
    "grafana-token": ("glc_", "glsa_"),
    "newrelic-key": ("NRAK-", "NRII-", "NRJS-"),
    "age-secret-key": ("AGE-SECRET-KEY-",),
    "vault-token": ("hvs.", "hvb."),
    "terraform-cloud-token": (".atlasv1.",),
    "alibaba-key-id": ("LTAI",),
    "notion-token": ("secret_", "ntn_"),
    "airtable-pat": ("pat",),
    "replicate-token": ("r8_",),
    "groq-key": ("gsk_",),
    "flutterwave-key": ("FLW",),
    "sentry-token": ("sntr",),
    "planetscale-token": ("pscale_",),
    "rubygems-key": ("rubygems_",),
    "docker-pat": ("dckr_pat_",),
    "url-password": ("://",),
    "authorization-bearer": ("Bearer", "Token", "token"),
    "authorization-basic": ("Basic",),
}
_PLAN: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (pattern, _LITERALS.get(name, ())) for name, pattern in COMPILED
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
