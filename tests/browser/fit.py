"""One check for every page: nothing wider than the window or the content area.

`assert_fits(page)` fails when the document scrolls sideways (document.scrollingElement.scrollWidth >
innerWidth), when the content area (`main.content`) is wider inside than it shows, or when a table's
scroller (`.table-responsive`) has to scroll: a table that only fits by scrolling inside its box is a table
wider than the content area too. It names what overflows and by how much, and the widest cells.
"""

WIDTHS = {"desktop": (1366, 768), "phone": (390, 844)}

_MEASURE = """() => {
  const doc = document.scrollingElement;
  const main = document.querySelector("main.content") || document.body;
  const out = [];
  if (doc.scrollWidth > window.innerWidth) out.push(`页面 ${doc.scrollWidth}px > 窗口 ${window.innerWidth}px`);
  if (main.scrollWidth > main.clientWidth) out.push(`内容区 ${main.scrollWidth}px > ${main.clientWidth}px`);
  document.querySelectorAll(".table-responsive").forEach((box, i) => {
    if (box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1) {
      out.push(`表格 ${i + 1} ${box.scrollWidth}px > ${box.clientWidth}px`);
    }
  });
  if (out.length) {
    const right = main.getBoundingClientRect().right;
    const wide = [...main.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > right + 1 && !el.closest(".visually-hidden"))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}「${(el.innerText || "").slice(0, 20)}」`);
    out.push("超出：" + wide.join("；"));
  }
  return out;
}"""


def overflow(page) -> list[str]:
    """What overflows on the page as shown now (empty when it fits)."""
    return page.evaluate(_MEASURE)


def assert_fits(page, where: str = "") -> None:
    problems = overflow(page)
    assert not problems, f"{where or page.url} 横向溢出：" + "；".join(problems)


def visit_at_each_width(page, paths) -> list[str]:
    """Every path at the desktop and the phone width: the failures, as "<width> <path>: …"."""
    failures = []
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, f"{path}: {response and response.status}"
            page.wait_for_load_state()
            problems = overflow(page)
            if problems:
                failures.append(f"{name} {width}px {path}: " + "；".join(problems))
    return failures
