"""Text of an order PDF, from its text layer (pdfplumber), read in a child process under limits.

Court PDFs come in three kinds: born-digital (a text layer, read as is), scanned with OCR (a
text layer of varying quality, which `normalize` cleans), and scanned without OCR (images only).
The last kind has nothing to read: we say so with `NoTextLayer` instead of guessing from a few
stray characters such as a stamped page number.

A PDF is a program for a reader, and the reader is ours. pdfminer inflates a Flate stream in
one piece (a 1.5 MB bomb grew a crawl to 5.8 GB and killed it) and lays out every page it is
given (5,000 blank pages: 64 s and 2.4 GB). So the PDF is read by `pdf_child.py` in a child
process (`python -I`, an environment without tokens or keys), which the parent kills at a
wall-clock deadline; the child sets its own memory and CPU limits before it opens the file,
and refuses too many pages or too much text. A PDF over a limit raises `PdfOverLimit` (a
`PdfError`) whose message says which limit, e.g. "PDF over the 500-page limit". Messages do
not repeat the file name: callers put their own (the path, the granule id) in front.

The limits (`PdfLimits`, defaults below) against what `benchmarks/pdf_read.py` measured (one
child, a 2-core machine with a load average of 2 to 7; pages of 50 lines of the sample orders,
about 2,200 characters each; peak = the child's resident peak):

| PDF | peak | CPU | outcome |
|---|---|---|---|
| order, 1 / 10 / 100 pages | 40 / 40 / 42 MB | 0.2 / 0.6 / 5.4 s | read |
| order, 500 pages (1.1 M characters) | 50 MB | 29 s | read |
| 5,000 blank pages (1.2 MB) | 54 MB | 1.3 s | over the page limit |
| Flate bomb, 2 GiB inflated (2.1 MB) | 466 MB | 1.6 s | over the memory limit |
| nested form XObjects, 10**8 lines (3 kB) | 500 MB | 6 s | over the memory limit |
| Flate stream with a broken checksum | 98 MB | 49-60 s | over the CPU or wall limit |

- pages, `MAX_PAGES` = 500: court orders run from one to about 100 pages; five times that;
- characters, `MAX_CHARS` = 2,000,000: 500 dense pages of about 4,000 characters; the
  analyser and the store are not built for more;
- memory, `MEMORY_MB` = 512 of address space (about 50 MB of it is the interpreter and
  pdfplumber before a PDF is opened): ten times the peak of a 500-page order;
- CPU, `CPU_SECONDS` = 60: ten times a 100-page order, twice a 500-page one;
- wall clock, `WALL_SECONDS` = 120: twice the CPU limit, so that a child waiting for a core on
  a busy machine is not cut short (the 500-page order took 60 to 76 s of wall time there).
"""

from __future__ import annotations

import json
import os
import re
import resource
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from monitor import pdf_child

MIN_CHARS_PER_PAGE = 40  # a stamped page number or a clerk's header is not a text layer

MAX_PAGES = 500
MAX_CHARS = 2_000_000
MEMORY_MB = 512
CPU_SECONDS = 60
WALL_SECONDS = 120

CHILD_SCRIPT = Path(pdf_child.__file__).resolve()
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class PdfLimits:
    """What one PDF may cost the child that reads it (see the module docstring)."""

    pages: int = MAX_PAGES
    chars: int = MAX_CHARS
    memory_mb: int = MEMORY_MB
    cpu_seconds: int = CPU_SECONDS
    wall_seconds: float = WALL_SECONDS

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            whole = name != "wall_seconds"
            kind = int if whole else (int, float)
            if isinstance(value, bool) or not isinstance(value, kind) or value <= 0:
                what = "a whole number" if whole else "a number"
                raise ValueError(f"PDF limit {name} must be {what} above 0, not {value!r}")


DEFAULT_LIMITS = PdfLimits()


@dataclass(frozen=True)
class ChildUsage:
    """What the child cost, from `wait4`: peak resident memory and CPU time."""

    peak_mb: float
    cpu_seconds: float
    wall_seconds: float


class PdfError(ValueError):
    """The file is not a readable PDF (corrupt, encrypted, not a PDF at all, or over a limit)."""

    usage: ChildUsage | None = None


class NoTextLayer(PdfError):
    """A scanned PDF without a text layer: it needs OCR before it can be read."""


class PdfOverLimit(PdfError):
    """Reading the PDF went over a limit: `limit` is `pages`, `characters`, `memory`, `cpu`
    or `time`. A hostile or broken file, or a document far longer than a court order."""

    def __init__(self, message: str, limit: str):
        super().__init__(message)
        self.limit = limit


@dataclass(frozen=True)
class PdfText:
    text: str  # all pages' text, pages separated by form feeds
    pages: int
    usage: ChildUsage


def read_pdf_text(path: str | Path, limits: PdfLimits = DEFAULT_LIMITS) -> str:
    """All pages' text, pages separated by form feeds, or NoTextLayer / PdfOverLimit / PdfError.
    Blocks for as long as the child runs (at most `limits.wall_seconds`)."""
    return read_pdf(path, limits).text


def read_pdf(path: str | Path, limits: PdfLimits = DEFAULT_LIMITS) -> PdfText:
    """`read_pdf_text` with the page count and what the child cost."""
    path = Path(path)
    answer, usage = _run_child(path, limits)
    try:
        pages = _pages(answer, limits)
    except PdfError as error:
        error.usage = usage
        raise
    text_chars = sum(len("".join(page.split())) for page in pages)
    if not pages or text_chars < MIN_CHARS_PER_PAGE * len(pages):
        error = NoTextLayer(
            f"no text layer ({len(pages)} page(s), {text_chars} characters of "
            "text): it looks scanned; run OCR first (for example `ocrmypdf in.pdf out.pdf`)"
        )
        error.usage = usage
        raise error
    text = "\f".join(pages)
    if _LONE_SURROGATE.search(text):  # a broken ToUnicode map; SQLite cannot store them
        text = _LONE_SURROGATE.sub("\ufffd", text)
    return PdfText(text, len(pages), usage)


def _pages(answer: dict, limits: PdfLimits) -> list[str]:
    """The pages of the child's answer, or the error it stands for."""
    if answer.get("over") == "pages":
        raise PdfOverLimit(f"PDF over the {limits.pages}-page limit", "pages")
    if answer.get("over") == "characters":
        raise PdfOverLimit(
            f"PDF text over the {limits.chars:,}-character limit "
            f"(passed on page {answer.get('page')})",
            "characters",
        )
    if answer.get("error") == "encrypted":
        raise PdfError("the PDF is encrypted")
    if answer.get("error"):
        raise PdfError(f"not a readable PDF ({answer.get('detail')})")
    pages = answer.get("pages")
    if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
        raise PdfError("the PDF reader gave no answer")
    return pages


def _child_env() -> dict[str, str]:
    """Nothing of ours: no tokens or keys, no PYTHON* variables (`-I` ignores them anyway)."""
    return {"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C.UTF-8"}


def _answer_cap(limits: PdfLimits) -> int:
    """Bytes of ASCII JSON the answer may take: every character escaped (one outside the BMP
    is 12 bytes, two `\\u` escapes), plus the page list."""
    return 12 * limits.chars + 16 * limits.pages + 65_536


def _run_child(path: Path, limits: PdfLimits) -> tuple[dict, ChildUsage]:
    """Run the child on `path`; its answer, or the PdfError its end stands for."""
    argv = [
        sys.executable,
        "-I",  # isolated: no PYTHON* variables, no user site, not the working directory
        "-B",
        str(CHILD_SCRIPT),
        str(os.getpid()),
        str(path.resolve()),
        str(limits.pages),
        str(limits.chars),
        str(limits.memory_mb * 1024 * 1024),
        str(limits.cpu_seconds),
    ]
    started = time.monotonic()
    deadline = started + limits.wall_seconds
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_child_env(),
            close_fds=True,
        )
    except OSError as error:
        raise PdfError(f"could not start the PDF reader ({error})") from error
    try:
        data, ended = _read_answer(proc, deadline, _answer_cap(limits))
        if ended != "eof":
            proc.kill()
        rusage = _reap(proc, deadline if ended == "eof" else None)
    except BaseException:  # Ctrl-C, or a bug here: the child does not outlive the call
        _kill_quietly(proc)
        raise
    finally:
        proc.stdout.close()
    usage = ChildUsage(
        peak_mb=round(rusage.ru_maxrss / 1024, 1),
        cpu_seconds=round(rusage.ru_utime + rusage.ru_stime, 2),
        wall_seconds=round(time.monotonic() - started, 2),
    )
    code = proc.returncode
    error = _ending_error(limits, ended, code, usage)
    if error is None:
        try:
            answer = json.loads(data)
        except ValueError:
            answer = None
        if isinstance(answer, dict):
            return answer, usage
        error = PdfError(f"the PDF reader gave no answer (exit code {code})")
    error.usage = usage
    raise error


def _read_answer(proc: subprocess.Popen, deadline: float, cap: int) -> tuple[bytes, str]:
    """The child's stdout until EOF ("eof"), the deadline ("deadline") or the cap ("cap")."""
    chunks: list[bytes] = []
    size = 0
    fd = proc.stdout.fileno()
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return b"", "deadline"
            if not selector.select(left):
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return b"".join(chunks), "eof"
            size += len(chunk)
            if size > cap:
                return b"", "cap"
            chunks.append(chunk)


def _reap(proc: subprocess.Popen, deadline: float | None) -> resource.struct_rusage:
    """Wait for the child (until `deadline`, then kill it); set its return code, return its
    resource usage (`wait4`: peak RSS and CPU time of that child alone)."""
    while deadline is not None:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() >= deadline:
            proc.kill()
            deadline = None
        else:
            time.sleep(0.02)
    if deadline is None:
        _, status, rusage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return rusage


def _kill_quietly(proc: subprocess.Popen) -> None:
    try:
        proc.kill()
        proc.wait()
    except OSError:  # already reaped
        pass


def _ending_error(limits: PdfLimits, ended: str, code: int, usage: ChildUsage) -> PdfError | None:
    """What the way the child ended says, when it is not an answer to read."""
    if ended == "deadline" or (
        code == -signal.SIGKILL and usage.wall_seconds >= limits.wall_seconds
    ):
        return PdfOverLimit(f"PDF reading took longer than {limits.wall_seconds:g} s", "time")
    if ended == "cap":
        return PdfError("the PDF reader's answer was too long")
    # CPython may not survive a MemoryError deep in a recursion ("Cannot recover from
    # MemoryErrors while normalizing exceptions": SIGABRT); a peak near the limit says why.
    crashed = code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS)
    if code == pdf_child.EXIT_MEMORY or (crashed and usage.peak_mb >= 0.8 * limits.memory_mb):
        return PdfOverLimit(f"PDF reading used more than {limits.memory_mb} MB of memory", "memory")
    # SIGXCPU at the soft limit; SIGKILL at the hard one (a second later) if it was ignored.
    # rusage counts a little less CPU time than the kernel's limit check does.
    over_cpu = usage.cpu_seconds >= limits.cpu_seconds - 1
    if code == -signal.SIGXCPU or (code == -signal.SIGKILL and over_cpu):
        return PdfOverLimit(f"PDF reading used more than {limits.cpu_seconds} s of CPU time", "cpu")
    if code == pdf_child.EXIT_ORPHAN:
        return PdfError("the PDF reader found its parent gone")
    if code < 0:
        try:
            how = signal.Signals(-code).name
        except ValueError:
            how = f"signal {-code}"
        return PdfError(f"the PDF reader died ({how})")
    if code != 0:
        return PdfError(f"the PDF reader failed (exit code {code})")
    return None
