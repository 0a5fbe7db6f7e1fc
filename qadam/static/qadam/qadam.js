// Qadam's page behaviour, in one static file so the Content-Security-Policy allows no inline
// script. Each part reads data attributes; htmx.onLoad runs it for the page and for every
// fragment htmx swaps in.
(function () {
  "use strict";

  // A chart is <script type="application/json" data-chart="ELEMENT-ID">FIGURE</script>;
  // data-chart-bare hides Plotly's mode bar, data-chart-fallback names what to show instead
  // when the figure cannot be drawn (a map without its tiles).
  function drawCharts(root) {
    if (!window.Plotly) { return; }
    root.querySelectorAll("script[data-chart]").forEach(function (source) {
      var target = document.getElementById(source.dataset.chart);
      if (!target || source.dataset.drawn) { return; }
      source.dataset.drawn = "1";
      var figure = JSON.parse(source.textContent);
      var config = {responsive: true, displaylogo: false};
      if (source.hasAttribute("data-chart-bare")) { config.displayModeBar = false; }
      var drawn = window.Plotly.newPlot(target, figure.data, figure.layout, config);
      var fallback = source.dataset.chartFallback;
      if (fallback && drawn && drawn.catch) {
        drawn.catch(function () {
          target.hidden = true;
          document.getElementById(fallback).hidden = false;
        });
      }
    });
  }

  // <form data-confirm="Question?">: asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);

  // <select data-submit-on-change>: choosing a value submits its form (no inline handler:
  // the policy allows none).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.dataset && "submitOnChange" in field.dataset && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  // <form data-max-bytes="N">: a file over N bytes is refused before uploading it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset || !form.dataset.maxBytes) { return; }
    var input = form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    var tooLarge = Boolean(file && file.size > Number(form.dataset.maxBytes));
    form.querySelector("[data-size-error]").hidden = !tooLarge;
    if (tooLarge) { event.preventDefault(); }
  });

  // Fields shown only for one value of a select: data-show-kind (the offer's kind, #id_kind)
  // and data-show-rule (its scoring rule, #id_scoring_rule); a field with an error stays.
  function syncShown(root) {
    [["id_kind", "showKind", "data-show-kind"], ["id_scoring_rule", "showRule", "data-show-rule"]]
      .forEach(function (spec) {
        var select = document.getElementById(spec[0]);
        if (!select) { return; }
        var sync = function () {
          document.querySelectorAll("[" + spec[2] + "]").forEach(function (el) {
            el.hidden = select.value !== el.dataset[spec[1]] && !el.querySelector(".errorlist");
          });
        };
        if (!select.dataset.synced) {
          select.dataset.synced = "1";
          select.addEventListener("change", sync);
        }
        sync();
      });
  }

  function onLoad(root) {
    drawCharts(root);
    syncShown(root);
  }
  if (window.htmx) {
    window.htmx.onLoad(onLoad);
  } else {
    document.addEventListener("DOMContentLoaded", function () { onLoad(document); });
  }
})();
