"""The API documentation page renders from the vendored Swagger UI, with no CSP violation and no
request to any outside host."""


def test_api_docs_render_locally_without_csp_errors(page, login, world, console_errors, live_server):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    login(page, "zu4")
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    text = page.locator("#swagger-ui").inner_text()
    assert "派驻监督工作平台接口" in text
    assert "/api/v1/clues/" in text
    assert outside == []
    assert console_errors == []
