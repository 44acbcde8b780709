// The managers' dashboard: reads the metrics API (aggregates only) with the manager's session and draws
// the tiles and the Apache ECharts charts.
(function () {
    const root = document.querySelector('[data-testid="pilotage"]');
    const channels = { web: 'Portail', phone: 'Téléphone', email: 'Courriel', sms: 'SMS', chat: 'Messagerie', counter: 'Guichet', mail: 'Courrier' };
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
            const reasons = problem.errors ? Object.entries(problem.errors).map(([k, v]) => `${k} : ${v.join(' ')}`).join(' ; ') : response.statusText;
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
        return `${decimal.format(days)} j`;
    };
    const set = (name, text) => { root.querySelector(`[data-metric="${name}"]`).textContent = text; };

    document.getElementById('export-csv').href = `/api/v1/metrics/timeseries?${new URLSearchParams([...filters, ['format', 'csv']])}`;

    const tiles = (m) => {
        set('contacts', m.contacts);
        set('fcrRate', rate(m.fcrRate));
        set('fcrDetail', `${m.fcrResolved} résolus, ${m.fcrFailed} non résolus, ${m.fcrPending} en attente`);
        set('reiterationRate', rate(m.reiterationRate));
        set('reiterationDetail', `${m.reiterations} réitérations sur ${m.contacts} contacts`);
        set('crossChannelReiterations', m.crossChannelReiterations);
        set('contactsPerDemand', m.contactsPerDemand === null ? '–' : decimal.format(m.contactsPerDemand));
        set('acknowledgementRate', rate(m.acknowledgementRate));
        set('ackDetail', `${m.acknowledged} sur ${m.acknowledgementsDecided} décidés`);
        set('deadlineRespectRate', rate(m.deadlineRespectRate));
        set('deadlineDetail', `${m.deadlinesRespected} sur ${m.deadlinesDecided} décidés`);
        set('phonePickUpRate', rate(m.phonePickUpRate));
        set('pickUpDetail', `${m.phoneContactsPickedUp} sur ${m.phoneContacts} appels`);
        set('timeToResolution', `${duration(m.medianTimeToResolution)} / ${duration(m.p90TimeToResolution)}`);
    };

    const chart = (id) => echarts.init(document.getElementById(id), null, { renderer: 'svg' });

    const evolution = async () => {
        const shown = root.dataset.channel ? [root.dataset.channel] : Object.keys(channels);
        const series = await Promise.all(shown.map(async (c) => [c, (await get('timeseries', { channel: c })).days]));
        const days = series.length ? series[0][1].map((d) => d.day) : [];
        const lines = [];
        for (const [c, data] of series) {
            if (!data.some((d) => d.metrics.contacts > 0)) { continue; }
            lines.push({ name: `FCR – ${channels[c]}`, type: 'line', connectNulls: true, data: data.map((d) => d.metrics.fcrRate) });
            lines.push({ name: `Réitération – ${channels[c]}`, type: 'line', lineStyle: { type: 'dashed' }, connectNulls: true, data: data.map((d) => d.metrics.reiterationRate) });
        }
        chart('graphe-evolution').setOption({
            tooltip: { trigger: 'axis', valueFormatter: rate },
            legend: { type: 'scroll', top: 0 },
            grid: { top: 40, left: 50, right: 20, bottom: 30 },
            xAxis: { type: 'category', data: days },
            yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => percent.format(v) } },
            series: lines,
        });
    };

    const motives = async () => {
        const top = (await get('motives')).motives.filter((m) => m.reiterations > 0).slice(0, 10).reverse();
        chart('graphe-motifs').setOption({
            tooltip: { trigger: 'axis' },
            grid: { left: 170, right: 30, top: 10, bottom: 30 },
            xAxis: { type: 'value', name: 'réitérations' },
            yAxis: { type: 'category', data: top.map((m) => m.motive) },
            series: [{ type: 'bar', data: top.map((m) => m.reiterations), itemStyle: { color: '#b34000' } }],
        });
    };

    const switches = async () => {
        const list = (await get('channel-switches')).switches;
        const names = Object.keys(channels);
        const max = Math.max(1, ...list.map((s) => s.count));
        chart('graphe-changements').setOption({
            tooltip: { formatter: (p) => `${channels[names[p.value[0]]]} → ${channels[names[p.value[1]]]} : ${p.value[2]}` },
            grid: { left: 90, right: 20, top: 10, bottom: 70 },
            xAxis: { type: 'category', data: names.map((n) => channels[n]), name: 'avant', nameLocation: 'middle', nameGap: 30 },
            yAxis: { type: 'category', data: names.map((n) => channels[n]), name: 'après' },
            visualMap: { min: 0, max, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#e3e3fd', '#000091'] } },
            series: [{ type: 'heatmap', label: { show: true }, data: list.map((s) => [names.indexOf(s.from), names.indexOf(s.to), s.count]) }],
        });
    };

    (async () => {
        try {
            tiles((await get('summary')).metrics);
            await Promise.all([evolution(), motives(), switches()]);
            root.dataset.loaded = 'true';
        } catch (e) {
            error.hidden = false;
            error.textContent = `Les indicateurs n'ont pas pu être chargés : ${e.message}`;
            root.dataset.loaded = 'error';
        }
    })();
})();
