"""The child process that reads a PDF's text layer under limits (see `monitor.pdf`).

Run as a script, `python -I -B pdf_child.py PARENT_PID PATH MAX_PAGES MAX_CHARS MEMORY_BYTES
CPU_SECONDS`, so that it imports nothing but the standard library and pdfplumber, sees neither
the parent's PYTHONPATH nor its working directory, and writes no bytecode. Its limits are set
before pdfplumber is imported and before the PDF is opened:

- address space (`RLIMIT_AS`): a Flate bomb inflates its stream in one piece in pdfminer, and
  a large enough one fails there with `MemoryError` (exit `EXIT_MEMORY`, no allocation needed);
- CPU seconds (`RLIMIT_CPU`): SIGXCPU at the soft limit, SIGKILL one second later;
- no core files, no files written, no processes started (`RLIMIT_CORE`, `RLIMIT_FSIZE`,
  `RLIMIT_NPROC`);
- on Linux it dies with its parent (`PR_SET_PDEATHSIG`): a killed crawl leaves no reader;
- pages: counted on the page tree before any page is read (pdfminer walks it lazily, so a
  5,000-page file costs a walk, not 5,000 layouts), whatever the tree's `/Count` claims;
- characters: counted page by page, the reading stops at the first page over the limit.

The answer is one JSON object on the original stdout (fd 1 is pointed at stderr first, so that
nothing a library prints can corrupt it): `{"pages": [text, ...]}` or `{"over": "pages" |
"characters", "count": n}` or `{"error": "encrypted" | "unreadable", "detail": str}`.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys

EXIT_MEMORY = 3  # MemoryError: the address-space limit was reached
EXIT_USAGE = 2
EXIT_ORPHAN = 4  # the parent is gone: nobody to answer
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _limit(which: int, soft: int, hard: int | None = None) -> None:
    """Lower a limit (never above the hard limit the parent already had)."""
    _, old_hard = resource.getrlimit(which)
    hard = soft if hard is None else hard
    if old_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, old_hard), min(hard, old_hard)
    resource.setrlimit(which, (soft, hard))


def die_with_parent(parent: int) -> None:
    """Linux: SIGKILL this process when the thread that started it ends, so that a crawl or a
    CLI killed while a PDF is read takes the reader with it (elsewhere the CPU limit does).
    `parent` is the pid the parent gave: if it is not our parent any more, it died before."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(EXIT_ORPHAN)


def set_limits(memory_bytes: int, cpu_seconds: int) -> None:
    _limit(resource.RLIMIT_CORE, 0)
    _limit(resource.RLIMIT_FSIZE, 0)
    _limit(resource.RLIMIT_NPROC, 0)
    _limit(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)
    _limit(resource.RLIMIT_AS, memory_bytes)


def read(path: str, max_pages: int, max_chars: int) -> dict:
    """The answer for the PDF at `path` (see the module docstring)."""
    import pdfplumber
    from pdfminer.pdfpage import PDFPage

    try:
        pdf = pdfplumber.open(path)
    except Exception as error:  # pdfplumber wraps pdfminer's many private exception types
        return _refused(error)
    with pdf:
        try:
            count = 0
            for _ in PDFPage.create_pages(pdf.doc):
                count += 1
                if count > max_pages:
                    return {"over": "pages", "count": count}
            pages: list[str] = []
            chars = 0
            for page in pdf.pages:
                text = page.extract_text() or ""
                page.close()  # pdfplumber caches every page's layout otherwise
                chars += len(text)
                if chars > max_chars:
                    return {"over": "characters", "count": chars, "page": page.page_number}
                pages.append(text)
        except MemoryError:
            raise
        except Exception as error:  # RecursionError included (nesting too deep)
            return _refused(error)
    return {"pages": pages}


def _refused(error: BaseException) -> dict:
    """Encrypted or unreadable; a MemoryError that pdfplumber wrapped is raised again."""
    link: BaseException | None = error
    for _ in range(20):  # the chain pdfplumber and pdfminer build is short; never a loop
        if link is None:
            break
        if isinstance(link, MemoryError):
            raise MemoryError
        link = link.__cause__ or link.__context__
    cause = error.__cause__ or error.__context__ or error
    names = f"{type(error).__name__} {type(cause).__name__}"
    text = f"{error} {cause}"
    if "password" in text.lower() or "encrypt" in names.lower():
        return {"error": "encrypted", "detail": type(cause).__name__}
    # pdfminer's messages can quote the file (`Not a stream object: <...>`): the answer, which
    # reaches crawl_runs.detail (published), names the error type only; the message goes to
    # this child's stderr, which the parent keeps out of the answer
    message = "".join(c if c.isprintable() else "?" for c in str(cause)[:160])
    print(f"unreadable PDF: {type(cause).__name__}: {message}", file=sys.stderr)
    return {"error": "unreadable", "detail": type(cause).__name__}


def main(argv: list[str]) -> int:
    if len(argv) != 6:
        print(__doc__, file=sys.stderr)
        return EXIT_USAGE
    parent, path, max_pages, max_chars, memory_bytes, cpu_seconds = argv
    die_with_parent(int(parent))
    answer_fd = os.dup(1)
    os.dup2(2, 1)  # what libraries print goes to stderr, never into the answer
    try:
        set_limits(int(memory_bytes), int(cpu_seconds))
        answer = read(path, int(max_pages), int(max_chars))
        data = json.dumps(answer).encode("ascii")  # escaped: lone surrogates survive too
        del answer
        with os.fdopen(answer_fd, "wb") as out:
            out.write(data)
    except MemoryError:
        os._exit(EXIT_MEMORY)  # nothing left to allocate with: the exit code is the answer
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
