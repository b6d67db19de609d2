"""Command line."""


def main() -> int:
    from archmem.indexer import languages

    print(languages.__name__)
    return 0
