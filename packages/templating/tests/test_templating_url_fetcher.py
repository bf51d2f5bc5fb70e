"""The deny-by-default URL fetcher: SSRF and local-file cases refuse and fetch nothing.

Local HTTP servers count the requests they receive, so "fetch nothing" is observed, not assumed.
"""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from templating_http import error_code, open_pdf, pdf_url, text_of

from rail_django.extensions.templating import PdfBuilder, TemplatingError

STATIC = Path(__file__).parent / "templating_testapp" / "static" / "pdf"


class CountingServer:
    """An HTTP server on 127.0.0.1 that answers every GET with ``answer`` and counts hits."""

    def __init__(self, answer):
        self.hits = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                server.hits.append(self.path)
                status, headers, body = answer(self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def png_server():
    server = CountingServer(
        lambda path: (200, {"Content-Type": "image/png"}, (STATIC / "dot.png").read_bytes())
    )
    yield server
    server.close()


def _policy(settings, **fetcher):
    settings.RAIL_DJANGO_GRAPHQL_TEMPLATING = {
        "url_fetcher": fetcher,
        "rate_limit": {"enable": False},
    }


def _render(html):
    return PdfBuilder().html(f"<html><body><p>Doc</p>{html}</body></html>").build()


def _refused(html):
    with pytest.raises(TemplatingError) as raised:
        _render(html)
    assert raised.value.code == "PDF_RESOURCE_REFUSED"
    return raised.value.message


def test_loopback_is_refused_and_never_contacted(png_server, settings):
    _policy(settings, allowed_schemes=["http"])
    message = _refused(f'<img src="http://127.0.0.1:{png_server.port}/dot.png">')
    assert "127.0.0.1" in message  # not on the allow-list
    # Even allow-listed by address, a loopback address is not public.
    _policy(settings, allowed_hosts=["127.0.0.1"], allowed_schemes=["http"])
    assert "non-public" in _refused(f'<img src="http://127.0.0.1:{png_server.port}/dot.png">')
    assert png_server.hits == []


def test_an_allow_listed_host_resolving_to_a_private_address_is_refused(png_server, settings):
    _policy(settings, allowed_hosts=["localhost"], allowed_schemes=["http"])
    message = _refused(f'<img src="http://localhost:{png_server.port}/dot.png">')
    assert "non-public" in message
    assert png_server.hits == []


def test_link_local_metadata_address_is_refused():
    _refused('<link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/">')


def test_file_urls_outside_static_and_media_are_refused():
    assert "outside" in _refused('<img src="file:///etc/hostname">')
    _refused('<link rel="attachment" href="file:///etc/passwd">')
    _refused('<img src="/static/../../../../etc/passwd">')


def test_attachments_go_through_the_fetcher_too():
    # GHSA-35jj-wx47-4w8r: attachments once bypassed the fetcher.
    _refused('<a rel="attachment" href="file:///etc/passwd">x</a>')


def test_a_redirect_to_a_private_address_is_refused_and_not_followed(png_server, settings):
    redirector = CountingServer(
        lambda path: (302, {"Location": f"http://127.0.0.1:{png_server.port}/dot.png"}, b"")
    )
    try:
        # The first hop is an explicitly trusted internal host; the redirect target is not.
        _policy(settings, allowed_private_hosts=["localhost"], allowed_schemes=["http"])
        _refused(f'<img src="http://localhost:{redirector.port}/start">')
        assert redirector.hits == ["/start"]
        assert png_server.hits == []
    finally:
        redirector.close()


def test_a_trusted_internal_host_is_fetched(png_server, settings):
    _policy(settings, allowed_private_hosts=["localhost"], allowed_schemes=["http"])
    reader = open_pdf(_render(f'<img src="http://localhost:{png_server.port}/dot.png">'))
    assert png_server.hits == ["/dot.png"]
    assert len(reader.pages[0].images) == 1


def test_resources_above_the_size_cap_are_refused(png_server, settings):
    _policy(
        settings,
        allowed_private_hosts=["localhost"],
        allowed_schemes=["http"],
        max_resource_bytes=10,
    )
    assert "max_resource_bytes" in _refused(
        f'<img src="http://localhost:{png_server.port}/dot.png">'
    )
    assert "max_resource_bytes" in _refused('<img src="/static/pdf/dot.png">')


def test_http_scheme_is_refused_unless_allowed(png_server, settings):
    _policy(settings, allowed_private_hosts=["localhost"])  # https only by default
    assert "scheme" in _refused(f'<img src="http://localhost:{png_server.port}/dot.png">')
    assert png_server.hits == []


def test_static_and_media_files_are_resolved_locally(settings, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True)
    (media / "logo.png").write_bytes((STATIC / "dot.png").read_bytes())
    reader = open_pdf(_render('<img src="/static/pdf/dot.png"><img src="/media/logo.png">'))
    assert len(reader.pages[0].images) == 2


@pytest.mark.django_db
def test_a_refused_resource_through_the_endpoint_is_a_422_with_its_code(client, users):
    client.force_login(users["alice"])
    response = client.get("/api/templates/tests/leaky/1/")
    assert response.status_code == 422
    assert error_code(response) == "RAIL_GQL_PDF_RESOURCE_REFUSED"
    assert "passwd" not in response.content.decode()


@pytest.mark.django_db
def test_user_data_cannot_add_a_resource(client, users):
    from templating_testapp.models import PdfInvoice

    invoice = PdfInvoice.objects.create(
        number="X", customer='<img src="file:///etc/passwd">', owner=users["alice"]
    )
    client.force_login(users["alice"])
    # Escaped data never becomes markup, so user data cannot add a resource.
    response = client.get(pdf_url(invoice))
    assert response.status_code == 200
    assert "file:///etc/passwd" in text_of(open_pdf(response))
