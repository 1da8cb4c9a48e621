namespace Logbook.Transform.Docs;

/// <summary>The page's inline stylesheet and script; kept apart from the markup code so each reads on its own.</summary>
internal static class DocsAssets
{
    // Kind colours serve both HTML badges (background, border) and SVG boxes (fill, stroke) with one rule each.
    public const string Css = """

        *{box-sizing:border-box}
        body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f6f7f9}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
        a{color:#2356a8;text-decoration:none}
        a:hover{text-decoration:underline}
        .top{padding:12px 20px;background:#1d2330;color:#fff}
        .top h1{margin:0;font-size:20px}
        .meta-line{margin:2px 0 0;color:#b9c2d3;font-size:12.5px}
        .layout{display:flex;align-items:flex-start}
        nav{position:sticky;top:0;width:270px;flex:none;height:100vh;overflow:auto;padding:12px;background:#fff;border-right:1px solid #dde1e8}
        nav input{width:100%;padding:6px 8px;border:1px solid #c5ccd8;border-radius:4px;font:inherit}
        nav h2{margin:14px 0 2px;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#687389}
        nav h3{margin:8px 0 0;font-size:12.5px;color:#3d4657}
        nav ul{list-style:none;margin:0;padding:0 0 0 4px}
        nav li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        .nav-top{margin:8px 0 0}
        .dot{display:inline-block;width:9px;height:9px;margin-right:6px;border:1px solid;border-radius:50%}
        main{flex:1;min-width:0;padding:16px 24px 48px}
        main>section{margin:0 0 20px;padding:14px 18px;background:#fff;border:1px solid #dde1e8;border-radius:6px}
        main>section:target{border-color:#2356a8;box-shadow:0 0 0 2px #c9d9f3}
        section h2{margin:0;font-size:18px}
        section h3{margin:14px 0 4px;font-size:14px}
        .uid{margin:0;color:#687389;font-size:12px}
        .muted{color:#8a93a6}
        .description{white-space:pre-wrap;margin:8px 0}
        .details{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0}
        .details dt{color:#687389}
        .details dd{margin:0}
        table.columns{border-collapse:collapse;width:100%}
        table.columns th,table.columns td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #e6e9ee}
        table.columns th{font-size:12px;color:#687389;font-weight:600}
        .test{display:inline-block;margin:1px 2px;padding:0 6px;border-radius:3px;background:#eef1f5;font-size:12px}
        .deps{display:flex;gap:40px}
        .deps ul{margin:0;padding-left:18px}
        pre{margin:6px 0 0;padding:10px;overflow:auto;background:#f3f5f8;border:1px solid #e1e5eb;border-radius:4px}
        .badge{display:inline-block;padding:0 7px;border:1px solid;border-radius:10px;font-size:11.5px;font-weight:500;vertical-align:middle}
        .legend{margin:6px 0}
        .graph{overflow:auto;max-height:75vh;border:1px solid #e1e5eb;border-radius:4px;background:#fbfcfd}
        .lineage-svg{display:block}
        .lineage-svg text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#1d2330;pointer-events:none}
        .lineage-svg rect{stroke-width:1.2}
        .lineage-node:hover rect{stroke-width:2.5}
        .lineage-edge{fill:none;stroke:#9aa4b5;stroke-width:1.2}
        .lineage-edge.hot{stroke:#d9480f;stroke-width:2.2}
        .lineage-arrow{fill:#9aa4b5}
        .kind-source{fill:#e2f3e4;stroke:#3f8f4f;background:#e2f3e4;border-color:#3f8f4f}
        .kind-view{fill:#e4eefb;stroke:#3b6fb6;background:#e4eefb;border-color:#3b6fb6}
        .kind-table{fill:#d6def6;stroke:#24398a;background:#d6def6;border-color:#24398a}
        .kind-incremental{fill:#efe2f7;stroke:#7a3fa0;background:#efe2f7;border-color:#7a3fa0}
        .kind-ephemeral{fill:#f4f4f4;stroke:#888;stroke-dasharray:4 3;background:#f4f4f4;border-color:#888;border-style:dashed}
        .kind-seed{fill:#fdf0dc;stroke:#c07a1a;background:#fdf0dc;border-color:#c07a1a}
        .kind-snapshot{fill:#fbe3e3;stroke:#b04040;background:#fbe3e3;border-color:#b04040}
        .kind-other{fill:#fff;stroke:#666;background:#fff;border-color:#666}

        """;

    // Search filters the list (hiding emptied groups); hovering a box highlights the edges that touch it.
    public const string Script = """

        (function () {
          var search = document.getElementById('lb-search');
          search.addEventListener('input', function () {
            var q = search.value.trim().toLowerCase();
            document.querySelectorAll('#lb-nav li[data-search]').forEach(function (li) {
              li.hidden = q !== '' && li.getAttribute('data-search').indexOf(q) < 0;
            });
            document.querySelectorAll('#lb-nav .nav-group').forEach(function (g) {
              g.hidden = g.querySelector('li[data-search]:not([hidden])') === null;
            });
          });
          var edges = document.querySelectorAll('.lineage-edge');
          document.querySelectorAll('.lineage-node').forEach(function (node) {
            var id = node.getAttribute('data-id');
            function mark(on) {
              edges.forEach(function (e) {
                if (e.getAttribute('data-from') === id || e.getAttribute('data-to') === id) { e.classList.toggle('hot', on); }
              });
            }
            node.addEventListener('mouseenter', function () { mark(true); });
            node.addEventListener('mouseleave', function () { mark(false); });
          });
        })();

        """;
}
