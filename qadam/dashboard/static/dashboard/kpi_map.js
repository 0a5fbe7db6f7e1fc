// The national dashboard's choropleth (Kazakhstan's 20 regions, the shipped GeoJSON) and
// trend for the chosen indicator; a click on a region opens its colleges.
(function () {
  "use strict";
  var box = document.getElementById("kpi-map");
  if (!box || !window.Plotly) { return; }
  var all = JSON.parse(document.getElementById("kpi-data").textContent);
  var kpi = all.filter(function (k) { return k.key === box.dataset.kpi; })[0] || all[0];
  // Plotly fetches a world base map for every geo plot (from cdn.plot.ly unless told
  // otherwise); this map draws only the shipped regions, so an empty world from this site
  // (static/dashboard/topojson/) lets it draw offline and under the policy's connect-src
  var config = {responsive: true, displaylogo: false, topojsonURL: box.dataset.topojson};
  // "<5" (a masked count) is coloured as 0 and says "<5" on hover
  function number(value) { return typeof value === "number" ? value : 0; }
  fetch(box.dataset.geojson).then(function (r) { return r.json(); }).then(function (geo) {
    var trace = {
      type: "choropleth",
      geojson: geo,
      featureidkey: "properties.iso_3166_2",
      locations: kpi.regions.map(function (r) { return r.iso; }),
      z: kpi.regions.map(function (r) { return number(r.actual); }),
      text: kpi.regions.map(function (r) { return r.name + ": " + r.actual; }),
      hoverinfo: "text",
      colorscale: "Blues",
      marker: {line: {color: "#fff", width: 0.8}},
      colorbar: {title: {text: kpi.unit}}
    };
    var layout = {
      title: {text: kpi.label},
      geo: {fitbounds: "locations", visible: false, projection: {type: "mercator"}},
      margin: {l: 0, r: 0, t: 40, b: 0},
      height: 460
    };
    return Plotly.newPlot(box, [trace], layout, config).then(function () {
      box.on("plotly_click", function (event) {
        var iso = event.points[0].location;
        window.location = box.dataset.regionUrl.replace("ISO", iso) + "?kpi=" + kpi.key;
      });
    });
  });
  var trend = document.getElementById("kpi-trend");
  if (trend) {
    Plotly.newPlot(trend, [
      {type: "scatter", mode: "lines+markers", name: "actual",
       x: kpi.trend.map(function (p) { return p.label; }),
       y: kpi.trend.map(function (p) { return number(p.actual); })},
      {type: "scatter", mode: "lines", name: "target", line: {dash: "dash"},
       x: kpi.trend.map(function (p) { return p.label; }),
       y: kpi.trend.map(function (p) { return p.target; })}
    ], {title: {text: kpi.label}, height: 320, margin: {l: 50, r: 10, t: 40, b: 40}}, config);
  }
})();
