"""The credential shapes the redactor knows, as data: one regular expression per provider format.

Adapted from gitleaks' published rule set (https://github.com/gitleaks/gitleaks, `config/gitleaks.toml`,
MIT licence) and detect-secrets' plugins (https://github.com/Yelp/detect-secrets, Apache-2.0): the
formats with a fixed prefix or structure, rewritten for Python's `re` and tightened where a rule relied on
gitleaks' keyword prefilter. Each pattern's group `s` is what is replaced; without it the whole match is. No pattern starts with `\b`:
`re` finds a pattern's literal prefix by a fast scan only when the pattern begins with it, so the
redactor checks that a match starts a word itself.
Secrets that have no fixed shape (passwords, generic keys) are found by name in `redact.py` instead.
"""

from __future__ import annotations

import re

_B64 = r"A-Za-z0-9+/"

RULES: tuple[tuple[str, str], ...] = (
    (
        "private-key",
        r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|\Z)",
    ),
    ("aws-access-key-id", r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b"),
    ("github-token", r"gh[pousr]_[A-Za-z0-9]{36,255}\b"),
    ("github-fine-grained-pat", r"github_pat_[A-Za-z0-9_]{60,255}\b"),
    ("gitlab-token", r"gl(?:pat|ptt|dt|rt|cbt|soat|ft|imt|agent)-[A-Za-z0-9_\-]{20,}\b"),
    ("slack-token", r"xox[abposre]-(?:[0-9]+-)*[A-Za-z0-9\-]{10,}"),
    ("slack-app-token", r"xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+\b"),
    ("slack-webhook", r"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_\-]{20,}"),
    (
        "discord-webhook",
        r"https?://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_\-]{20,}",
    ),
    ("teams-webhook", r"https://[a-z0-9\-]+\.webhook\.office\.com/webhook(?:b2)?/[A-Za-z0-9@\-/]{40,}"),
    ("stripe-key", r"(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,99}\b"),
    ("openai-anthropic-key", r"sk-(?:proj-|ant-(?:api|admin)\d\d-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}"),
    ("google-api-key", r"AIza[0-9A-Za-z_\-]{35}(?![0-9A-Za-z_\-])"),
    ("google-oauth-token", r"ya29\.[0-9A-Za-z_\-]{20,}"),
    ("jwt", r"eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{10,}"),
    ("huggingface-token", r"hf_[A-Za-z0-9]{30,40}\b"),
    ("npm-token", r"npm_[A-Za-z0-9]{36}\b"),
    ("pypi-token", r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}"),
    ("twilio-key", r"SK[0-9a-f]{32}\b"),
    ("sendgrid-key", r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}\b"),
    ("mailgun-key", r"key-[0-9a-f]{32}\b"),
    ("mailchimp-key", r"[0-9a-f]{32}-us\d{1,2}\b"),
    ("shopify-token", r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}\b"),
    ("digitalocean-token", r"do[opr]_v1_[a-f0-9]{64}\b"),
    ("telegram-bot-token", r"\d{8,10}:AA[A-Za-z0-9_\-]{33}\b"),
    ("discord-bot-token", r"[MNO][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38}\b"),
    (
        "azure-ad-client-secret",
        r"(?<![A-Za-z0-9_~.])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}(?![A-Za-z0-9_~.\-])",
    ),
    ("azure-storage-key", r"(?:AccountKey|SharedAccessKey|accountkey)=(?P<s>[" + _B64 + r"]{20,}={0,2})"),
    ("azure-sas-signature", r"[?&]sig=(?P<s>[A-Za-z0-9%+/]{30,}(?:%3D|=){0,2})"),
    ("square-token", r"(?:sq0atp|sq0csp|EAAA)[0-9A-Za-z_\-]{22,60}\b"),
    ("atlassian-token", r"ATATT3[A-Za-z0-9_\-=]{60,}"),
    ("databricks-token", r"dapi[a-f0-9]{32}(?:-\d)?\b"),
    ("doppler-token", r"dp\.(?:pt|st|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b"),
    ("dropbox-token", r"sl\.[A-Za-z0-9_\-]{130,}"),
    ("facebook-token", r"EAA[MC][A-Za-z0-9]{40,}"),
    ("linear-key", r"lin_api_[A-Za-z0-9]{40}\b"),
    ("postman-key", r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}\b"),
    ("pulumi-token", r"pul-[a-f0-9]{40}\b"),
    ("grafana-token", r"(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})"),
    ("newrelic-key", r"NR(?:AK|II|JS)-[A-Za-z0-9]{20,40}\b"),
    ("age-secret-key", r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b"),
    ("vault-token", r"hv[sb]\.[A-Za-z0-9_\-]{24,}"),
    ("terraform-cloud-token", r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70}"),
    ("alibaba-key-id", r"LTAI[A-Za-z0-9]{20}\b"),
    ("notion-token", r"(?:secret|ntn)_[A-Za-z0-9]{43}\b"),
    ("airtable-pat", r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b"),
    ("replicate-token", r"r8_[A-Za-z0-9]{37}\b"),
    ("groq-key", r"gsk_[A-Za-z0-9]{48,56}\b"),
    ("flutterwave-key", r"FLW(?:SECK|PUBK)_TEST-[a-h0-9]{32}-X\b"),
    ("sentry-token", r"sntr[ysu]_[A-Za-z0-9+/=_\-]{40,}"),
    ("planetscale-token", r"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_\-.=]{32,64}\b"),
    ("rubygems-key", r"rubygems_[a-f0-9]{48}\b"),
    ("docker-pat", r"dckr_pat_[A-Za-z0-9_\-]{27}\b"),
    # The password of a URL's user information (`postgres://app:p4ss@db/x`): the user name stays.
    ("url-password", r"://[^\s:@/'\"]{0,64}:(?P<s>[^\s@/'\"]{3,128})@[A-Za-z0-9\[]"),
    # An HTTP credential after its scheme, wherever it stands (a header dict, a curl line, a log excerpt).
    ("authorization-bearer", r"(?:Bearer|Token|token)\s+(?P<s>[A-Za-z0-9\-._~+/]{16,}=*)"),
    ("authorization-basic", r"Basic\s+(?P<s>[A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])"),
)

COMPILED: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern)) for name, pattern in RULES
)
