"""`crawler.pdf_text.PdfTextMiddleware`: a PDF is read while the reactor keeps running.

A real asyncio reactor (Scrapy's default), in a subprocess because a reactor cannot be
restarted: a `LoopingCall` ticks every 50 ms while the middleware reads a PDF that keeps the
reader's child busy until its wall-clock limit (3 s). A read on the reactor thread would let
no tick through until it ended; here the reactor goes on ticking, and the outcome is the
limit's error, handed to the callback in `meta["pdf_outcome"]`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdfmaker import make_flate_bomb, make_pdf

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, sys
from scrapy.utils.reactor import install_reactor
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from twisted.internet import reactor, task
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_from_coro
from crawler.pdf_text import PdfTextMiddleware
from monitor.pdf import PdfError, PdfLimits

path, wall = sys.argv[1], float(sys.argv[2])
middleware = PdfTextMiddleware(limits=PdfLimits(cpu_seconds=600, wall_seconds=wall))
ticks = []
clock = task.LoopingCall(lambda: ticks.append(1))
clock.start(0.05, now=False)
url = "http://127.0.0.1:9/content/pkg/P/pdf/P-1.pdf"
request = Request(url, meta={"read_pdf": True})
response = Response(url, status=200, body=open(path, "rb").read(), request=request)
report = {}

def done(result):
    report["ticks_while_reading"] = len(ticks)
    outcome = request.meta.get("pdf_outcome")
    report["same_response"] = result is response
    if isinstance(outcome, PdfError):
        report["error"], report["limit"] = str(outcome), getattr(outcome, "limit", None)
    else:
        report["text"] = outcome
    clock.stop()
    reactor.stop()

def failed(failure):
    report["exception"] = repr(failure.value)
    reactor.stop()

def go():
    deferred_from_coro(middleware.process_response(request, response)).addCallbacks(done, failed)

reactor.callWhenRunning(go)
reactor.run()
print(json.dumps(report))
"""


def read_in_reactor(pdf: Path, wall_seconds: float) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(pdf), str(wall_seconds)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_reactor_keeps_running_while_a_pdf_is_read(tmp_path):
    sink = make_flate_bomb(tmp_path / "sink.pdf", inflated_mib=64, good_checksum=False)
    report = read_in_reactor(sink, 3)
    assert "exception" not in report, report
    assert report["limit"] == "time" and "took longer than 3 s" in report["error"]
    assert report["same_response"]
    assert report["ticks_while_reading"] >= 5  # about 60; a blocked reactor lets none through


def test_a_good_pdf_comes_back_as_text(tmp_path):
    pdf = make_pdf(tmp_path / "order.pdf", [["SAMPLE ORDER: the motion to seal is GRANTED."] * 3])
    report = read_in_reactor(pdf, 60)
    assert report.get("text", "").count("the motion to seal is GRANTED") == 3, report


@pytest.mark.parametrize("status", [404, 503])
def test_error_answers_are_left_alone(status):
    from scrapy.http import Request, Response

    from crawler.pdf_text import OUTCOME_KEY, PdfTextMiddleware

    request = Request("http://127.0.0.1:9/x.pdf", meta={"read_pdf": True})
    response = Response(request.url, status=status, body=b"<html>error</html>", request=request)
    coroutine = PdfTextMiddleware().process_response(request, response)
    with pytest.raises(StopIteration) as stop:
        coroutine.send(None)  # returns at once: nothing is awaited for an error answer
    assert stop.value.value is response and OUTCOME_KEY not in request.meta


def test_limits_from_settings_are_checked():
    from scrapy.utils.test import get_crawler

    from crawler.pdf_text import PdfTextMiddleware

    crawler = get_crawler(settings_dict={"SEALTRAIL_PDF_LIMITS": {"memory_mb": 1024}})
    assert PdfTextMiddleware.from_crawler(crawler).limits.memory_mb == 1024
    for wrong, said in (({"memory": 1024}, "known: pages"), ({"memory_mb": "1024"}, "above 0")):
        crawler = get_crawler(settings_dict={"SEALTRAIL_PDF_LIMITS": wrong})
        with pytest.raises(ValueError, match=said):
            PdfTextMiddleware.from_crawler(crawler)
