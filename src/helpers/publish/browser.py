"""Headless Chromium driven over the DevTools protocol, with no network: open a page at a given
width, run scripts in it, collect console warnings and errors, take screenshots. Used by the
browser tests and the page benchmark (`websocket-client` is already in the environment).

    with Browser() as b:
        page = b.open(Path("report.html"), width=390)
        page.evaluate("document.title")
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import websocket

# Headless, no sandbox (containers) and no network at all: every host fails to resolve and every
# request goes to a dead proxy.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--hide-scrollbars",
    "--remote-debugging-port=0", "--remote-allow-origins=*",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserError(RuntimeError):
    pass


class Page:
    """One tab, attached over its own DevTools websocket."""

    def __init__(self, ws_url: str, timeout: float):
        self.ws = websocket.create_connection(ws_url, timeout=timeout, suppress_origin=True)
        self.timeout = timeout
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")

    def send(self, method: str, **params: Any) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise BrowserError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)
        raise BrowserError(f"{method}: no answer within {self.timeout} s")

    def wait_event(self, method: str, seconds: float | None = None) -> dict:
        for i, event in enumerate(self.events):
            if event["method"] == method:
                return self.events.pop(i)
        deadline = time.monotonic() + (seconds or self.timeout)
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("method") == method:
                return msg
            if "method" in msg:
                self.events.append(msg)
        raise BrowserError(f"no {method} within {seconds or self.timeout} s")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (promises are awaited); script errors raise."""
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def resize(self, width: int, height: int) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600)

    def navigate(self, url: str) -> None:
        self.send("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")

    def console_problems(self) -> list[str]:
        """Console warnings and errors, uncaught exceptions and browser log warnings so far."""
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("warning", "error", "assert"):
                out.append(f"console.{p['type']}: " + " ".join(
                    str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif e["method"] == "Runtime.exceptionThrown":
                out.append("exception: " + json.dumps(p.get("exceptionDetails", {}))[:500])
            elif e["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") in ("warning", "error"):
                out.append(f"log.{p['entry']['level']}: {p['entry'].get('text', '')}")
        return out

    def screenshot(self, path: Path, height: int | None = None) -> Path:
        """A PNG of the page from the top, `height` CSS pixels tall (default: the viewport)."""
        params: dict[str, Any] = {"format": "png"}
        if height:
            width = self.evaluate("document.documentElement.clientWidth")
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
        data = self.send("Page.captureScreenshot", **params)["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def close(self) -> None:
        self.ws.close()


class Browser:
    """A headless Chromium with a fresh profile, stopped on exit."""

    def __init__(self, executable: str | None = None, timeout: float = 60):
        self.executable = executable or chromium_path()
        if self.executable is None:
            raise BrowserError("Chromium is not installed (Debian package 'chromium')")
        self.timeout = timeout

    def __enter__(self) -> Browser:
        self.profile = tempfile.mkdtemp(prefix="hp-chromium-")
        self.proc = subprocess.Popen([self.executable, *FLAGS, f"--user-data-dir={self.profile}",
                                      "about:blank"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not (port_file.is_file() and port_file.read_text().count("\n") >= 1):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.__exit__(None, None, None)
                raise BrowserError("Chromium did not start its DevTools server")
            time.sleep(0.05)
        self.port = int(port_file.read_text().split()[0])
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        return self

    def _json(self, path: str, method: str = "GET") -> Any:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        with self.opener.open(req, timeout=self.timeout) as r:
            return json.loads(r.read().decode())

    def open(self, html: Path | str, width: int = 1280, height: int = 900) -> Page:
        """A new tab of `width` x `height` CSS pixels showing `html` (a path or URL), loaded."""
        target = self._json("/json/new?about:blank", method="PUT")
        page = Page(target["webSocketDebuggerUrl"], self.timeout)
        page.resize(width, height)
        url = html if isinstance(html, str) else Path(html).resolve().as_uri()
        page.navigate(url)
        return page

    def __exit__(self, *exc: Any) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def with_env_chromium() -> bool:
    """True when Chromium can be used here (tests skip otherwise, or fail when CI is set)."""
    return chromium_path() is not None or bool(os.environ.get("CI"))
