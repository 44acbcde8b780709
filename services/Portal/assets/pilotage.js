// The managers' dashboard: reads the metrics API (aggregates only) with the manager's session and draws
// the tiles, the work list's counts, the Apache ECharts charts and, beside each chart, its data as a table.
(function () {
    const root = document.querySelector('[data-testid="pilotage"]');
    // Codes, French names and colours of the channels, from the page (one list, kept in Labels.cs).
    const channels = JSON.parse(root.dataset.channels);
    const colours = JSON.parse(root.dataset.colours);
    // French labels of the motive catalogue, from the page; an unknown code shows as itself.
    const motiveLabels = JSON.parse(root.dataset.motives || '{}');
    const motiveLabel = (code) => motiveLabels[code] || code;
    const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
    const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
    const count = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
    const error = document.getElementById('erreur-pilotage');

    // Days in French whatever the browser's locale: « 1er déc. 2026 », « déc. 2026 ».
    const dayOf = (iso) => new Date(`${iso}T12:00:00Z`);
    const shortDay = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const longDay = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    const monthOf = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' });
    const first = (text) => text.replace(/^1 /, '1er ');
    const frenchDay = (iso) => first(shortDay.format(dayOf(iso)));
    const frenchLongDay = (iso) => first(longDay.format(dayOf(iso)));
    const field = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    const isoDay = (date) => date.toISOString().slice(0, 10);
    const addDays = (iso, n) => { const d = dayOf(iso); d.setUTCDate(d.getUTCDate() + n); return isoDay(d); };

    const filters = new URLSearchParams({ from: root.dataset.from, to: root.dataset.to });
    for (const name of ['channel', 'motive', 'service']) {
        if (root.dataset[name]) {
            filters.set(name, root.dataset[name]);
        }
    }

    // The API explains in English for developers; the manager reads which filter it refused, in French.
    const refused = async (response) => {
        const problem = await response.json().catch(() => ({}));
        const names = { from: 'date de début', to: 'date de fin', channel: 'canal', motive: 'motif', service: 'service', asOf: 'date de référence', days: 'nombre de jours' };
        return problem.errors
            ? Object.keys(problem.errors).map((k) => `le filtre « ${names[k] || k} » n'est pas valide`).join(' ; ')
            : response.status === 401 ? 'la session a expiré, reconnectez-vous'
            : `le service des indicateurs a répondu ${response.status}`;
    };
    const fetchJson = async (url) => {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (!response.ok) { throw new Error(await refused(response)); }
        return response.json();
    };
    const get = (path, extra) => {
        const query = new URLSearchParams(filters);
        for (const [k, v] of Object.entries(extra || {})) {
            if (v === null) { query.delete(k); } else { query.set(k, v); }
        }
        return fetchJson(`/api/v1/metrics/${path}?${query}`);
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

    // The tiles, their figures and their units come from the metric catalogue, through the page.
    const formats = {
        count: (v) => v === null || v === undefined ? '–' : count.format(v),
        rate,
        ratio: (v) => v === null || v === undefined ? '–' : decimal.format(v),
        duration,
    };
    // A figure computed from too few contacts is masked by the API (null, named in masked): « < 5 ».
    let small = '< 5';
    const shown = (m, name, format) => (m.masked || []).includes(name) ? small : format(m[name]);
    const tiles = (m) => {
        for (const tile of root.querySelectorAll('[data-figures]')) {
            const units = tile.dataset.units.split(' ');
            tile.textContent = tile.dataset.figures.split(' ').map((name, i) => shown(m, name, formats[units[i]])).join(' / ');
        }
        for (const detail of root.querySelectorAll('[data-detail]')) {
            // « {contacts|contact|contacts} »: the figure and its word, singular for 0 and 1 as French has it.
            detail.textContent = detail.dataset.detail.replace(/\{(\w+)(?:\|([^|}]+)\|([^}]+))?\}/g, (_, name, one, many) =>
                shown(m, name, formats.count) + (one === undefined ? '' : ` ${!(m.masked || []).includes(name) && m[name] <= 1 ? one : many}`));
        }
    };

    // A table of a chart's data (RGAA: every chart has a text alternative), shown on demand.
    const element = (tag, props, ...children) => {
        const node = Object.assign(document.createElement(tag), props || {});
        node.append(...children.filter((c) => c !== null && c !== undefined));
        return node;
    };
    const dataTable = (containerId, caption, headers, rows) => {
        const container = document.getElementById(containerId);
        container.replaceChildren(element('details', { className: 'donnees' },
            element('summary', {}, 'Voir les données en tableau'),
            element('table', { className: 'tableau' },
                element('caption', {}, caption),
                element('thead', {}, element('tr', {}, ...headers.map((h) => element('th', { scope: 'col' }, h)))),
                element('tbody', {}, ...rows.map((r) => element('tr', {}, ...r.map((c, i) => element(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, String(c)))))))));
    };

    // No animation: a manager reads figures, and a screenshot shows them whole.
    const charts = {};
    const draw = (id, option) => {
        charts[id] = charts[id] || echarts.init(document.getElementById(id), null, { renderer: 'svg' });
        charts[id].setOption({ animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, true);
    };
    const empty = (id, text) => draw(id, { title: { text, left: 'center', top: 'middle', textStyle: { fontSize: 14, fontWeight: 'normal', color: '#595959' } } });

    // Days are too fine to read over a quarter: the curves add up the counts of each week (or month)
    // and take the rates of the sums, as the summary does.
    const period = (days) => {
        const span = days.length;
        if (span > 180) { return { key: (d) => d.slice(0, 7), label: (k) => monthOf.format(dayOf(`${k}-01`)), axis: 'mois' }; }
        if (span > 31) {
            return {
                key: (d) => { const t = dayOf(d); t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7)); return isoDay(t); },
                label: (k) => frenchDay(k), axis: 'semaine commençant le',
            };
        }
        return { key: (d) => d, label: (k) => frenchDay(k), axis: 'jour' };
    };

    const measures = {
        fcr: { name: 'Résolution au premier contact', final: (s) => s.resolved + s.failed ? s.resolved / (s.resolved + s.failed) : null,
            // While first contacts wait for their window, the rate if none of them is reiterated: the most it can be.
            provisional: (s) => s.resolved + s.failed + s.pending ? (s.resolved + s.pending) / (s.resolved + s.failed + s.pending) : null },
        reiteration: { name: 'Réitération', final: (s) => s.contacts ? s.reiterations / s.contacts : null },
    };
    let series = [];
    const evolution = async () => {
        const shownChannels = root.dataset.channel ? [root.dataset.channel] : Object.keys(channels);
        series = await Promise.all(shownChannels.map(async (c) => [c, (await get('timeseries', { channel: c })).days]));
        drawEvolution();
    };
    const drawEvolution = () => {
        const measure = measures[document.querySelector('input[name="mesure"]:checked').value];
        if (!series.length) { return; }
        const { key, label, axis } = period(series[0][1]);
        const buckets = [...new Set(series[0][1].map((d) => key(d.day)))];
        const lines = [];
        const rows = [];
        let firstProvisional = null;
        for (const [c, data] of series) {
            if (!data.some((d) => d.metrics.contacts > 0)) { continue; }
            const sums = new Map(buckets.map((b) => [b, { contacts: 0, reiterations: 0, resolved: 0, failed: 0, pending: 0 }]));
            for (const d of data) {
                const s = sums.get(key(d.day));
                s.contacts += d.metrics.contacts; s.reiterations += d.metrics.reiterations;
                s.resolved += d.metrics.fcrResolved; s.failed += d.metrics.fcrFailed; s.pending += d.metrics.fcrPending;
            }
            const values = [...sums.values()];
            // A bucket is provisional for FCR while some of its first contacts wait for their window.
            const provisional = values.map((s) => measure.provisional !== undefined && s.pending > 0);
            const start = provisional.indexOf(true);
            if (start >= 0 && (firstProvisional === null || start < firstProvisional)) { firstProvisional = start; }
            const colour = colours[c];
            const final = values.map((s, i) => provisional[i] ? null : measure.final(s));
            lines.push({ name: channels[c], type: 'line', symbolSize: 7, connectNulls: false, data: final, itemStyle: { color: colour }, lineStyle: { color: colour, width: 2.5 } });
            if (start >= 0) {
                // Dashed from the last final point: the same series for the legend, drawn as what it is.
                const dashed = values.map((s, i) => i >= start ? measure.provisional(s) : i === start - 1 ? final[i] : null);
                lines.push({ name: channels[c], type: 'line', symbol: 'emptyCircle', symbolSize: 7, data: dashed, itemStyle: { color: colour }, lineStyle: { color: colour, width: 2, type: 'dashed' } });
            }
            values.forEach((s, i) => rows.push([`${label(buckets[i])}`, channels[c], count.format(s.contacts),
                rate(provisional[i] ? null : measure.final(s)), provisional[i] ? `provisoire (au plus ${rate(measure.provisional(s))})` : 'définitif']));
        }
        if (!lines.length) { empty('graphe-evolution', 'Aucun contact sur la période.'); dataTable('donnees-evolution', measure.name, ['Période'], []); return; }
        if (firstProvisional !== null) {
            lines.push({ name: '__provisoire', type: 'line', data: [], silent: true, markArea: { silent: true, itemStyle: { color: 'rgba(0,0,145,0.07)', borderColor: '#6a6af4', borderType: 'dashed', borderWidth: 1 },
                label: { show: true, position: 'insideTop', color: '#3a3a8c', formatter: 'provisoire' },
                data: [[{ xAxis: label(buckets[firstProvisional]) }, { xAxis: label(buckets[buckets.length - 1]) }]] } });
        }
        draw('graphe-evolution', {
            tooltip: { trigger: 'axis', valueFormatter: rate },
            legend: { top: 0, data: series.map(([c]) => channels[c]).filter((n) => lines.some((l) => l.name === n)) },
            grid: { top: 40, left: 60, right: 20, bottom: 45 },
            xAxis: { type: 'category', data: buckets.map(label), name: axis, nameLocation: 'middle', nameGap: 30 },
            yAxis: { type: 'value', min: 0, max: 1, name: measure.name, nameTextStyle: { align: 'left' }, axisLabel: { formatter: (v) => percent.format(v) } },
            series: lines,
        });
        dataTable('donnees-evolution', `${measure.name} par canal et par ${axis}`, ['Période', 'Canal', 'Contacts', measure.name, 'Statut'], rows);
    };
    for (const radio of document.querySelectorAll('input[name="mesure"]')) {
        radio.addEventListener('change', drawEvolution);
    }

    const motives = async () => {
        // A masked row (too few contacts) is drawn as the least it can be, labelled « < 5 ».
        const all = (await get('motives')).motives.filter((m) => m.reiterations !== 0);
        const top = all.slice(0, 10).reverse();
        dataTable('donnees-motifs', 'Motifs par nombre de réitérations', ['Motif', 'Code', 'Contacts', 'Réitérations', 'Taux de réitération'],
            all.map((m) => [motiveLabel(m.motive), m.motive, shown(m, 'contacts', formats.count), shown(m, 'reiterations', formats.count), shown(m, 'reiterationRate', rate)]));
        if (!top.length) { empty('graphe-motifs', 'Aucune réitération sur la période.'); return; }
        draw('graphe-motifs', {
            tooltip: { trigger: 'axis', formatter: (p) => `${p[0].name} (${top[p[0].dataIndex].motive}) : ${p[0].value} réitérations` },
            grid: { left: 10, right: 90, top: 10, bottom: 40, containLabel: true },
            xAxis: { type: 'value', name: 'réitérations', nameLocation: 'middle', nameGap: 25, minInterval: 1 },
            yAxis: { type: 'category', data: top.map((m) => motiveLabel(m.motive)), axisLabel: { width: 230, overflow: 'break' } },
            series: [{ type: 'bar', barMaxWidth: 28, data: top.map((m) => m.reiterations ?? 0), itemStyle: { color: '#b34000' },
                label: { show: true, position: 'right', formatter: (p) => (top[p.dataIndex].masked || []).includes('reiterations') ? small : `${count.format(p.value)} · ${rate(top[p.dataIndex].reiterationRate)}` } }],
        });
    };

    const switches = async () => {
        const list = (await get('channel-switches')).switches;
        const cross = list.filter((s) => s.from !== s.to);
        const same = list.filter((s) => s.from === s.to);
        const value = (s) => s.count === null ? small : count.format(s.count);
        document.getElementById('meme-canal').textContent = same.length
            ? `Réitérations sur le même canal : ${same.map((s) => `${channels[s.from]} ${value(s)}`).join(' · ')}.`
            : 'Aucune réitération sur le même canal.';
        dataTable('donnees-changements', 'Réitérations par canal précédent et canal de la réitération', ['Canal précédent', 'Canal de la réitération', 'Réitérations'],
            list.map((s) => [channels[s.from], channels[s.to], value(s)]));
        if (!cross.length) { empty('graphe-changements', 'Aucun changement de canal sur la période.'); return; }
        const names = Object.keys(channels);
        const max = Math.max(1, ...cross.map((s) => s.count || 0));
        draw('graphe-changements', {
            tooltip: { formatter: (p) => `${channels[names[p.value[0]]]} → ${channels[names[p.value[1]]]} : ${p.value[2] === null ? small : count.format(p.value[2])}` },
            grid: { left: 90, right: 70, top: 30, bottom: 50 },
            xAxis: { type: 'category', data: names.map((n) => channels[n]), name: 'canal précédent', nameLocation: 'middle', nameGap: 32, axisLabel: { interval: 0 }, splitArea: { show: true } },
            yAxis: { type: 'category', data: names.map((n) => channels[n]), name: 'canal de la réitération', axisLabel: { interval: 0 }, splitArea: { show: true } },
            visualMap: { min: 0, max, calculable: false, orient: 'vertical', right: 0, top: 'middle', inRange: { color: ['#e3e3fd', '#000091'] } },
            series: [{ type: 'heatmap', label: { show: true, formatter: (p) => p.value[2] === null ? small : count.format(p.value[2]) },
                data: cross.map((s) => [names.indexOf(s.from), names.indexOf(s.to), s.count]) }],
        });
    };

    // Services side by side: a chart of the largest, and every one in a table sorted by any column.
    const serviceColumns = [
        { name: 'Service', value: (s) => s.service || 'Sans service', text: true },
        { name: 'Contacts', value: (s) => s.metrics.contacts, format: (s) => shown(s.metrics, 'contacts', formats.count) },
        { name: 'Taux de réitération', value: (s) => s.metrics.reiterationRate, format: (s) => shown(s.metrics, 'reiterationRate', rate) },
        { name: 'Résolution au premier contact', value: (s) => s.metrics.fcrRate, format: (s) => shown(s.metrics, 'fcrRate', rate) },
        { name: 'Accusés de réception dans le délai', value: (s) => s.metrics.acknowledgementRate, format: (s) => shown(s.metrics, 'acknowledgementRate', rate) },
        { name: 'Délais annoncés respectés', value: (s) => s.metrics.deadlineRespectRate, format: (s) => shown(s.metrics, 'deadlineRespectRate', rate) },
    ];
    let services = [];
    let sort = { column: 1, descending: true };
    const drawServicesTable = () => {
        const column = serviceColumns[sort.column];
        const sorted = [...services].sort((a, b) => {
            const x = column.value(a); const y = column.value(b);
            if (x === y) { return 0; }
            if (x === null || x === undefined) { return 1; }
            if (y === null || y === undefined) { return -1; }
            const order = column.text ? String(x).localeCompare(String(y), 'fr') : x - y;
            return sort.descending ? -order : order;
        });
        const headers = serviceColumns.map((c, i) => {
            const button = element('button', { type: 'button', className: 'tri' }, c.name);
            button.addEventListener('click', () => {
                sort = { column: i, descending: sort.column === i ? !sort.descending : !c.text };
                drawServicesTable();
                document.querySelectorAll('#tableau-services th button')[i].focus();
            });
            const th = element('th', { scope: 'col' }, button);
            th.setAttribute('aria-sort', sort.column === i ? (sort.descending ? 'descending' : 'ascending') : 'none');
            return th;
        });
        document.getElementById('tableau-services').replaceChildren(element('table', { className: 'tableau', id: 'services-table' },
            element('caption', { className: 'masque' }, `Services, triés par ${column.name.toLowerCase()} ${sort.descending ? 'décroissant' : 'croissant'}`),
            element('thead', {}, element('tr', {}, ...headers)),
            element('tbody', {}, ...sorted.map((s) => element('tr', { }, ...serviceColumns.map((c, i) =>
                element(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, c.format ? c.format(s) : c.value(s))))))));
    };
    const servicesComparison = async () => {
        services = (await get('services')).services;
        document.getElementById('services-connus').replaceChildren(...services.filter((s) => s.service).map((s) => element('option', { value: s.service })));
        drawServicesTable();
        const top = services.slice(0, 12).reverse();
        if (!top.length) { empty('graphe-services', 'Aucun contact sur la période.'); return; }
        draw('graphe-services', {
            tooltip: { trigger: 'axis', valueFormatter: rate },
            legend: { top: 0, itemGap: 24 },
            grid: { left: 10, right: 40, top: 35, bottom: 35, containLabel: true },
            xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => percent.format(v) } },
            yAxis: { type: 'category', data: top.map((s) => s.service || 'Sans service'), axisLabel: { width: 170, overflow: 'truncate' } },
            series: [
                { name: 'Résolution au premier contact', type: 'bar', data: top.map((s) => s.metrics.fcrRate), itemStyle: { color: '#0072B2' } },
                { name: 'Réitération', type: 'bar', data: top.map((s) => s.metrics.reiterationRate), itemStyle: { color: '#D55E00' } },
            ],
        });
    };

    // The work list's counts: promises falling due from now, by service (the page's service filter applies).
    const due = async () => {
        const days = document.getElementById('echeance-jours').value;
        const query = new URLSearchParams({ days });
        if (root.dataset.service) { query.set('service', root.dataset.service); }
        const answer = await fetchJson(`/api/v1/metrics/due?${query}`);
        const box = document.getElementById('echeances');
        if (!answer.services.length) {
            box.replaceChildren(element('p', { className: 'vide', 'data-testid': 'echeances-vide' }, `Aucune promesse n'arrive à échéance dans les ${days} prochains jours.`));
            return;
        }
        const total = (name) => answer.services.reduce((n, s) => n + s[name], 0);
        box.replaceChildren(element('table', { className: 'tableau' },
            element('caption', { className: 'masque' }, `Promesses arrivant à échéance dans les ${days} prochains jours, par service`),
            element('thead', {}, element('tr', {}, element('th', { scope: 'col' }, 'Service'), element('th', { scope: 'col' }, 'Accusés de réception dus'), element('th', { scope: 'col' }, 'Délais annoncés à tenir'))),
            element('tbody', {}, ...answer.services.map((s) => element('tr', { }, element('th', { scope: 'row' }, s.service || 'Sans service'),
                element('td', {}, count.format(s.acknowledgementsDue)), element('td', {}, count.format(s.deadlinesAtRisk))))),
            element('tfoot', {}, element('tr', {}, element('th', { scope: 'row' }, 'Total'), element('td', {}, count.format(total('acknowledgementsDue'))), element('td', {}, count.format(total('deadlinesAtRisk')))))));
    };
    document.getElementById('echeance-jours').addEventListener('change', () => due().catch((e) => fail(e)));

    const fail = (e) => {
        error.hidden = false;
        error.textContent = `Les indicateurs n'ont pas pu être chargés : ${e.message}.`;
    };

    // No period asked: the last 90 days of the data, not of the calendar (a store whose data stops earlier
    // or starts later shows its own days, not an empty chart).
    const fit = async () => {
        const today = root.dataset.today;
        const year = await get('timeseries', { from: addDays(today, -365), to: today });
        const active = year.days.filter((d) => d.metrics.contacts > 0 || (d.metrics.masked || []).includes('contacts')).map((d) => d.day);
        if (!active.length) { return; }
        const to = active[active.length - 1];
        const from = active[0] > addDays(to, -89) ? active[0] : addDays(to, -89);
        filters.set('from', from); filters.set('to', to);
        document.getElementById('filtre-du').value = field(from);
        document.getElementById('filtre-au').value = field(to);
        document.getElementById('periode-ajustee').textContent = `Période ajustée aux données : du ${frenchLongDay(from)} au ${frenchLongDay(to)}.`;
        const url = new URL(window.location.href);
        url.searchParams.set('du', field(from)); url.searchParams.set('au', field(to));
        history.replaceState(null, '', url);
    };

    (async () => {
        if (root.dataset.invalid === 'true') {
            // The page said why the period cannot be shown: the tiles say there is nothing, not « … ».
            for (const tile of root.querySelectorAll('[data-figures]')) { tile.textContent = '–'; }
            await due().catch(fail);
            root.dataset.loaded = 'error';
            return;
        }
        try {
            if (root.dataset.default === 'true') { await fit(); }
            document.getElementById('export-csv').href = `/api/v1/metrics/timeseries?${new URLSearchParams([...filters, ['format', 'csv']])}`;
            const summary = await get('summary');
            small = `< ${summary.smallCountThreshold}`;
            tiles(summary.metrics);
            await Promise.all([evolution(), motives(), switches(), servicesComparison(), due()]);
            root.dataset.loaded = 'true';
        } catch (e) {
            fail(e);
            for (const tile of root.querySelectorAll('[data-figures]')) { tile.textContent = '–'; }
            root.dataset.loaded = 'error';
        }
    })();
})();
