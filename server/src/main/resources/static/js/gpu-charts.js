// Small GPU charts on a machine's console page: utilisation, memory and temperature, from gpu.json.
(function () {
    var holder = document.getElementById("gpu-charts");
    if (!holder || typeof uPlot === "undefined") {
        return;
    }
    var charts = [
        {key: "utilization", title: "Utilisation (%)", color: "#0b5cad"},
        {key: "memory", title: "Memory used (%)", color: "#1d6b35"},
        {key: "temperature", title: "Temperature (°C)", color: "#a4161a"}
    ].map(function (spec) {
        var box = document.createElement("figure");
        box.setAttribute("data-chart", spec.key);
        holder.appendChild(box);
        var width = Math.min(420, holder.clientWidth || 420);
        return {spec: spec, plot: new uPlot({
            title: spec.title, width: width, height: 160,
            // Always the last hour, so that few samples do not stretch into a misleading span.
            scales: {x: {time: true, range: function () { var now = Date.now() / 1000; return [now - 3600, now]; }}},
            series: [{}, {label: spec.title, stroke: spec.color, width: 2, points: {show: true}}],
            axes: [{}, {size: 40}]
        }, [[], []], box)};
    });
    function refresh() {
        fetch(holder.getAttribute("data-series"), {credentials: "same-origin"})
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (series) {
                if (!series) { return; }
                holder.setAttribute("data-points", String(series.at.length));
                charts.forEach(function (chart) { chart.plot.setData([series.at, series[chart.spec.key]]); });
            })
            .catch(function () { /* the allocator is away; the next round tries again */ });
    }
    refresh();
    setInterval(refresh, 15000);
})();
