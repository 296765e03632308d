// Progressive enhancement only: every page works without this file.
(function () {
  // The document page: following an item's link marks its span as the current one.
  function markCurrent(anchor) {
    document.querySelectorAll(".text mark.current").forEach(function (m) { m.classList.remove("current"); });
    var target = anchor && document.getElementById(anchor);
    if (target) { target.classList.add("current"); target.focus({ preventScroll: true }); }
  }
  document.querySelectorAll(".item-link").forEach(function (link) {
    link.addEventListener("click", function () { markCurrent(link.dataset.anchor); });
  });
  if (location.hash) { markCurrent(location.hash.slice(1)); }

  // The dashboard's charts, from the data the page already holds in its tables.
  if (typeof Chart === "undefined") { return; }
  var byYear = document.getElementById("by-year");
  if (byYear) {
    var series = JSON.parse(byYear.dataset.series);
    new Chart(byYear, {
      type: "bar",
      data: { labels: JSON.parse(byYear.dataset.years),
              datasets: Object.keys(series).map(function (name) { return { label: name, data: series[name] }; }) },
      options: { animation: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
    });
  }
  var themes = document.getElementById("themes-chart");
  if (themes) {
    var rows = JSON.parse(themes.dataset.themes);
    new Chart(themes, {
      type: "bar",
      data: { labels: rows.map(function (r) { return r.label; }),
              datasets: [{ label: "documents", data: rows.map(function (r) { return r.documents; }) }] },
      options: { animation: false, indexAxis: "y", plugins: { legend: { display: false } } }
    });
  }
})();
