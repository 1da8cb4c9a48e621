// Logbook dashboard: draws every <canvas data-chart> from the JSON the page embeds next to it
// (<script type="application/json" id="<canvas id>-data">), with the Chart.js served from /assets/.
// Sets data-charts on <html> to the number of charts drawn ("unavailable" when Chart.js did not load).
(function () {
  'use strict';
  var root = document.documentElement;
  if (typeof window.Chart !== 'function') {
    root.setAttribute('data-charts', 'unavailable');
    return;
  }

  var palette = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#ea580c'];
  var tones = {
    connected: '#16a34a', ok: '#16a34a', success: '#16a34a', completed: '#16a34a', low: '#16a34a',
    delayed: '#d97706', stale: '#d97706', lagging: '#d97706', medium: '#d97706', warning: '#d97706', paused: '#94a3b8',
    incomplete: '#a3a3a3', 'initial sync in progress': '#0891b2', 'priority first sync': '#7c3aed', never: '#cbd5e1',
    broken: '#dc2626', failing: '#dc2626', failed: '#dc2626', failure: '#dc2626', critical: '#991b1b', high: '#dc2626',
    error: '#dc2626', deleted: '#475569', abandoned: '#9f1239',
    successes: '#16a34a', failures: '#dc2626', errors: '#dc2626', warnings: '#f59e0b', 'failed jobs': '#dc2626',
    'failed syncs (7 days)': '#dc2626', 'success rate, %': '#2563eb',
    active: '#16a34a', privileged: '#7c3aed', inactive: '#dc2626', pending_invite: '#f59e0b', unknown_user: '#991b1b'
  };

  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.color = '#334155';

  function colour(label, i) {
    var tone = tones[String(label).toLowerCase()];
    return tone || palette[i % palette.length];
  }

  var drawn = 0;
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var source = document.getElementById(canvas.id + '-data');
    if (!source) {
      return;
    }

    var spec = JSON.parse(source.textContent);
    var doughnut = spec.type === 'doughnut';
    var datasets = spec.series.map(function (series, i) {
      var type = series.type || spec.type;
      var c = spec.series.length === 1 && !doughnut ? palette[0] : colour(series.label, i);
      var dataset = { label: series.label, data: series.values };
      if (doughnut) {
        dataset.backgroundColor = spec.labels.map(colour);
        dataset.borderWidth = 1;
      } else if (type === 'line') {
        dataset.borderColor = c;
        dataset.backgroundColor = c;
        dataset.borderWidth = 2;
        dataset.pointRadius = spec.labels.length > 60 ? 0 : 2;
        dataset.tension = 0;
        dataset.spanGaps = true;
      } else {
        dataset.backgroundColor = c + 'cc';
        dataset.borderColor = c;
        dataset.borderWidth = 1;
      }

      if (series.type) {
        dataset.type = series.type;
      }

      if (series.axis) {
        dataset.yAxisID = series.axis;
        dataset.order = -1;
      }

      return dataset;
    });

    var options = {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: doughnut || spec.series.length > 1, position: doughnut ? 'right' : 'top' } }
    };
    if (!doughnut) {
      var valueAxis = spec.horizontal ? 'x' : 'y';
      var categoryAxis = spec.horizontal ? 'y' : 'x';
      options.indexAxis = categoryAxis;
      options.interaction = { mode: 'index', intersect: false };
      options.scales = {};
      options.scales[categoryAxis] = { stacked: !!spec.stacked, ticks: { autoSkip: !spec.horizontal, maxRotation: 0 } };
      options.scales[valueAxis] = { stacked: !!spec.stacked, beginAtZero: true, title: { display: !!spec.yTitle, text: spec.yTitle || '' } };
      if (spec.y2Title) {
        options.scales.y2 = { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: spec.y2Title } };
      }
    }

    new Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options });
    drawn++;
  });
  root.setAttribute('data-charts', String(drawn));
})();
