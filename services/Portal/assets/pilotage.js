// The managers' dashboard: reads the metrics API (aggregates only) with the manager's session and draws
// the tiles and the Apache ECharts charts.
(function () {
    const root = document.querySelector('[data-testid="pilotage"]');
    // Codes and French names of the channels, from the page (one list, kept in Labels.cs).
    const channels = JSON.parse(root.dataset.channels);
    // French labels of the motive catalogue, from the page; an unknown code shows as itself.
    const motiveLabels = JSON.parse(root.dataset.motives || '{}');
    const motiveLabel = (code) => motiveLabels[code] || code;
    const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
    const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
    const error = document.getElementById('erreur-pilotage');

    const filters = new URLSearchParams({ from: root.dataset.from, to: root.dataset.to });
    for (const name of ['channel', 'motive', 'service']) {
        if (root.dataset[name]) {
            filters.set(name, root.dataset[name]);
        }
    }

    const get = async (path, extra) => {
        const query = new URLSearchParams(filters);
        for (const [k, v] of Object.entries(extra || {})) {
            query.set(k, v);
        }
        const response = await fetch(`/api/v1/metrics/${path}?${query}`, { credentials: 'same-origin' });
        if (!response.ok) {
            const problem = await response.json().catch(() => ({}));
            // The API explains in English for developers; the manager reads which filter it refused, in French.
            const names = { from: 'date de début', to: 'date de fin', channel: 'canal', motive: 'motif', service: 'service', asOf: 'date de référence' };
            const reasons = problem.errors
                ? Object.keys(problem.errors).map((k) => `le filtre « ${names[k] || k} » n'est pas valide`).join(' ; ')
                : `le service des indicateurs a répondu ${response.status}`;
            throw new Error(reasons);
        }
        return response.json();
    };

    const rate = (value) => value === null || value === undefined ? '–' : percent.format(value);
    const duration = (text) => {
        if (!text) { return '–'; }
        const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(text);
        if (!match) { return text; }
        const days = Number(match[1] || 0) + Number(match[2]) / 24 + Number(match[3]) / 1440;
        // The figure comes from a histogram accurate to 0.5%: no more digits than that.
        if (days < 1) { return `${Math.round(days * 24)} h`; }
        return days < 3 ? `${decimal.format(Math.round(days * 10) / 10)} j` : `${Math.round(days)} j`;
    };
    document.getElementById('export-csv').href = `/api/v1/metrics/timeseries?${new URLSearchParams([...filters, ['format', 'csv']])}`;

    // The tiles, their figures and their units come from the metric catalogue, through the page.
    const count = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
    const formats = {
        count: (v) => v === null || v === undefined ? '–' : count.format(v),
        rate,
        ratio: (v) => v === null || v === undefined ? '–' : decimal.format(v),
        duration,
    };
    // A figure computed from too few contacts is masked by the API (null, named in masked): « < 5 ».
    let small = '< 5';
    const shown = (m, name, format, threshold) => (m.masked || []).includes(name) ? `< ${threshold}` : format(m[name]);
    const tiles = (m, threshold) => {
        for (const tile of root.querySelectorAll('[data-figures]')) {
            const units = tile.dataset.units.split(' ');
            tile.textContent = tile.dataset.figures.split(' ').map((name, i) => shown(m, name, formats[units[i]], threshold)).join(' / ');
        }
        for (const detail of root.querySelectorAll('[data-detail]')) {
            detail.textContent = detail.dataset.detail.replace(/\{(\w+)\}/g, (_, name) => shown(m, name, formats.count, threshold));
        }
    };

    // No animation: a manager reads figures, and a screenshot shows them whole.
    const draw = (id, option) => echarts.init(document.getElementById(id), null, { renderer: 'svg' }).setOption({ animation: false, ...option });

    // Days are too fine to read over a quarter: the curves add up the counts of each week (or month)
    // and take the rates of the sums, as the summary does.
    const period = (days) => {
        const span = days.length;
        const key = span > 180 ? (d) => d.slice(0, 7)
            : span > 31 ? (d) => { const t = new Date(`${d}T00:00:00Z`); t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7)); return t.toISOString().slice(0, 10); }
            : (d) => d;
        return { key, label: span > 180 ? 'mois' : span > 31 ? 'semaine du' : 'jour' };
    };

    const evolution = async () => {
        const shown = root.dataset.channel ? [root.dataset.channel] : Object.keys(channels);
        const series = await Promise.all(shown.map(async (c) => [c, (await get('timeseries', { channel: c })).days]));
        if (!series.length) { return; }
        const { key, label } = period(series[0][1]);
        const buckets = [...new Set(series[0][1].map((d) => key(d.day)))];
        const lines = [];
        for (const [c, data] of series) {
            if (!data.some((d) => d.metrics.contacts > 0)) { continue; }
            const sums = new Map(buckets.map((b) => [b, { contacts: 0, reiterations: 0, resolved: 0, failed: 0 }]));
            for (const d of data) {
                const s = sums.get(key(d.day));
                s.contacts += d.metrics.contacts; s.reiterations += d.metrics.reiterations;
                s.resolved += d.metrics.fcrResolved; s.failed += d.metrics.fcrFailed;
            }
            const values = [...sums.values()];
            lines.push({ name: `FCR – ${channels[c]}`, type: 'line', symbolSize: 7, data: values.map((s) => s.resolved + s.failed ? s.resolved / (s.resolved + s.failed) : null) });
            lines.push({ name: `Réitération – ${channels[c]}`, type: 'line', symbolSize: 7, lineStyle: { type: 'dashed' }, data: values.map((s) => s.contacts ? s.reiterations / s.contacts : null) });
        }
        draw('graphe-evolution', {
            tooltip: { trigger: 'axis', valueFormatter: rate },
            legend: { type: 'scroll', top: 0 },
            grid: { top: 40, left: 50, right: 20, bottom: 40 },
            xAxis: { type: 'category', data: buckets, name: label, nameLocation: 'middle', nameGap: 28 },
            yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => percent.format(v) } },
            series: lines,
        });
    };

    const empty = (id, text) => draw(id, { title: { text, left: 'center', top: 'middle', textStyle: { fontSize: 14, fontWeight: 'normal', color: '#666' } } });

    const motives = async () => {
        // A masked row (too few contacts) is drawn as the least it can be, labelled « < 5 ».
        const top = (await get('motives')).motives.filter((m) => m.reiterations !== 0).slice(0, 10).reverse();
        if (!top.length) { empty('graphe-motifs', 'Aucune réitération sur la période.'); return; }
        draw('graphe-motifs', {
            tooltip: { trigger: 'axis' },
            grid: { left: 240, right: 90, top: 10, bottom: 40 },
            xAxis: { type: 'value', name: 'réitérations', nameLocation: 'middle', nameGap: 25, minInterval: 1 },
            yAxis: { type: 'category', data: top.map((m) => motiveLabel(m.motive)), axisLabel: { width: 230, overflow: 'break' } },
            series: [{ type: 'bar', barMaxWidth: 28, data: top.map((m) => m.reiterations ?? 0), itemStyle: { color: '#b34000' },
                label: { show: true, position: 'right', formatter: (p) => (top[p.dataIndex].masked || []).includes('reiterations') ? small : `${p.value} · ${rate(top[p.dataIndex].reiterationRate)}` } }],
        });
    };

    const switches = async () => {
        const list = (await get('channel-switches')).switches;
        if (!list.length) { empty('graphe-changements', 'Aucun changement de canal sur la période.'); return; }
        const names = Object.keys(channels);
        const max = Math.max(1, ...list.map((s) => s.count));
        draw('graphe-changements', {
            tooltip: { formatter: (p) => `${channels[names[p.value[0]]]} → ${channels[names[p.value[1]]]} : ${p.value[2] ?? small}` },
            grid: { left: 90, right: 70, top: 30, bottom: 50 },
            xAxis: { type: 'category', data: names.map((n) => channels[n]), name: 'canal précédent', nameLocation: 'middle', nameGap: 32, axisLabel: { interval: 0 }, splitArea: { show: true } },
            yAxis: { type: 'category', data: names.map((n) => channels[n]), name: 'canal de la réitération', axisLabel: { interval: 0 }, splitArea: { show: true } },
            visualMap: { min: 0, max, calculable: false, orient: 'vertical', right: 0, top: 'middle', inRange: { color: ['#e3e3fd', '#000091'] } },
            series: [{ type: 'heatmap', label: { show: true, formatter: (p) => p.value[2] ?? small }, data: list.map((s) => [names.indexOf(s.from), names.indexOf(s.to), s.count]) }],
        });
    };

    (async () => {
        if (root.dataset.invalid === 'true') {
            // The page said why the period cannot be shown: the tiles say there is nothing, not « … ».
            for (const tile of root.querySelectorAll('[data-figures]')) { tile.textContent = '–'; }
            root.dataset.loaded = 'error';
            return;
        }
        try {
            const summary = await get('summary');
            small = `< ${summary.smallCountThreshold}`;
            tiles(summary.metrics, summary.smallCountThreshold);
            await Promise.all([evolution(), motives(), switches()]);
            root.dataset.loaded = 'true';
        } catch (e) {
            error.hidden = false;
            error.textContent = `Les indicateurs n'ont pas pu être chargés : ${e.message}.`;
            for (const tile of root.querySelectorAll('[data-figures]')) { tile.textContent = '–'; }
            root.dataset.loaded = 'error';
        }
    })();
})();
