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

  // Upload: drop or choose files; each is sent on its own to the API, with its own progress bar and result.
  var form = document.getElementById("upload-form");
  if (form && window.FormData && window.XMLHttpRequest) {
    var input = document.getElementById("files");
    var drop = document.getElementById("drop");
    var list = document.getElementById("progress");
    var csrf = form.querySelector("input[name=csrf_token]").value;
    function line(file) {
      var item = document.createElement("li");
      var bar = document.createElement("progress");
      bar.max = 100; bar.value = 0;
      var label = document.createElement("span");
      label.textContent = " " + file.name + ": waiting";
      item.append(bar, label);
      list.append(item);
      return { item: item, bar: bar, label: label };
    }
    function send(files, i) {
      if (i >= files.length) { return; }
      var file = files[i], row = line(file), data = new FormData(), xhr = new XMLHttpRequest();
      data.append("files", file);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { row.bar.value = Math.round(100 * e.loaded / e.total); }
        row.label.textContent = " " + file.name + ": uploading";
      };
      xhr.upload.onload = function () { row.label.textContent = " " + file.name + ": reading and extracting"; };
      xhr.onload = function () {
        row.bar.value = 100;
        var result = null;
        try { result = JSON.parse(xhr.responseText); } catch (e) { result = null; }
        var r = result && result.results ? result.results[0] : null;
        row.label.textContent = "";
        var text = document.createElement("span");
        if (r) {
          text.textContent = " " + file.name + ": " + r.status + (r.message ? " · " + r.message : "");
          row.item.className = r.status === "failed" ? "upload-failed" : "upload-ok";
        } else {
          var message = result && result.error ? result.error.message : "the server answered " + xhr.status;
          text.textContent = " " + file.name + ": failed · " + message;
          row.item.className = "upload-failed";
        }
        row.item.append(text);
        if (r && r.document_id) {
          var link = document.createElement("a");
          link.href = "/documents/" + r.document_id; link.textContent = "open";
          row.item.append(" · ", link);
        }
        send(files, i + 1);
      };
      xhr.onerror = function () {
        row.label.textContent = " " + file.name + ": failed · the connection was lost";
        row.item.className = "upload-failed";
        send(files, i + 1);
      };
      xhr.open("POST", "/api/documents");
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.send(data);
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      send(Array.prototype.slice.call(input.files), 0);
      form.reset();
    });
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      send(Array.prototype.slice.call(e.dataTransfer.files), 0);
    });
  }

  // Charts, from the data the page already holds.
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
  var timeline = document.getElementById("timeline-chart");
  if (timeline) {
    var clusters = JSON.parse(timeline.dataset.series);
    new Chart(timeline, {
      type: "line",
      data: { labels: JSON.parse(timeline.dataset.years),
              datasets: clusters.map(function (c) { return { label: c.label, data: c.counts, tension: 0.2 }; }) },
      options: { animation: false, maintainAspectRatio: false,
                 scales: { y: { beginAtZero: true, title: { display: true, text: "items" } } } }
    });
  }
})();
