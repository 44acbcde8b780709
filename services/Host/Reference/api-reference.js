// The API reference page: renders /openapi/v1.json (no inline script: the pages' Content-Security-Policy forbids it).
(async () => {
  const content = document.getElementById('content');
  const doc = await (await fetch('/openapi/v1.json')).json();
  const schemas = (doc.components && doc.components.schemas) || {};
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const resolve = s => (s && s.$ref) ? schemas[s.$ref.split('/').pop()] || {} : (s || {});
  const typeOf = s => {
    if (!s) return '';
    if (s.$ref) return s.$ref.split('/').pop();
    if (s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array'))) return typeOf(s.items) + '[]';
    return Array.isArray(s.type) ? s.type.join(' | ') : (s.type || (s.oneOf ? 'one of' : 'object'));
  };
  const schemaTable = (name, schema, seen) => {
    const wrap = el('div');
    const resolved = resolve(schema.type === 'array' ? schema.items : schema);
    if (!resolved.properties || seen.has(name)) return wrap;
    seen.add(name);
    wrap.appendChild(el('h4', name === 'object' || name === 'object[]' ? 'Request body' : 'Schema ' + name));
    if (resolved.description) wrap.appendChild(el('p', resolved.description));
    const table = el('table');
    const head = el('tr'); ['field', 'type', 'required', 'description'].forEach(h => head.appendChild(el('th', h)));
    table.appendChild(head);
    const required = new Set(resolved.required || []);
    const nested = [];
    for (const [field, prop] of Object.entries(resolved.properties)) {
      const row = el('tr');
      row.appendChild(el('td')).appendChild(el('code', field));
      row.appendChild(el('td', typeOf(prop)));
      row.appendChild(el('td', required.has(field) ? 'yes' : ''));
      row.appendChild(el('td', prop.description || resolve(prop).description || ''));
      table.appendChild(row);
      const inner = prop.$ref ? prop : (prop.items && prop.items.$ref ? prop.items : null);
      if (inner) nested.push([inner.$ref.split('/').pop(), inner]);
    }
    wrap.appendChild(table);
    nested.forEach(([n, s]) => wrap.appendChild(schemaTable(n, s, seen)));
    return wrap;
  };
  content.innerHTML = '';
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths || {})) {
    for (const [verb, op] of Object.entries(ops)) {
      const tag = (op.tags && op.tags[0]) || 'Other';
      (byTag[tag] = byTag[tag] || []).push([path, verb, op]);
    }
  }
  for (const [tag, ops] of Object.entries(byTag)) {
    content.appendChild(el('h2', tag));
    for (const [path, verb, op] of ops) {
      const section = el('section', undefined, 'op');
      const title = el('h3'); title.appendChild(el('span', verb.toUpperCase(), 'verb')); title.appendChild(el('code', path));
      section.appendChild(title);
      if (op.summary) section.appendChild(el('p', op.summary)).style.fontWeight = '600';
      if (op.description) section.appendChild(el('p', op.description));
      const auth = (op.security || []).flatMap(requirement => Object.keys(requirement));
      section.appendChild(el('p', auth.length ? 'Authentication: ' + auth.map(name => {
        const scheme = (doc.components && doc.components.securitySchemes || {})[name] || {};
        return scheme.in === 'header' ? 'header ' + scheme.name : 'a signed-in session';
      }).join(' or ') : 'Authentication: none.'));
      if (op.parameters && op.parameters.length) {
        section.appendChild(el('h4', 'Parameters'));
        const table = el('table');
        const head = el('tr'); ['name', 'in', 'type', 'required', 'description'].forEach(h => head.appendChild(el('th', h)));
        table.appendChild(head);
        for (const parameter of op.parameters) {
          const row = el('tr');
          row.appendChild(el('td')).appendChild(el('code', parameter.name));
          row.appendChild(el('td', parameter.in));
          const schema = parameter.schema || {};
          row.appendChild(el('td', schema.enum ? schema.enum.join(' | ') : (schema.format || typeOf(schema))));
          row.appendChild(el('td', parameter.required ? 'yes' : ''));
          row.appendChild(el('td', parameter.description || ''));
          table.appendChild(row);
        }
        section.appendChild(table);
      }
      const body = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
      if (body) {
        section.appendChild(schemaTable(typeOf(body.schema), body.schema, new Set()));
        if (body.example !== undefined) { section.appendChild(el('h4', 'Example body')); section.appendChild(el('pre', JSON.stringify(body.example, null, 2))); }
      }
      section.appendChild(el('h4', 'Responses'));
      const responses = el('table');
      for (const [status, response] of Object.entries(op.responses || {})) {
        const row = el('tr');
        row.appendChild(el('td', status));
        const media = response.content && Object.values(response.content)[0];
        row.appendChild(el('td', media ? typeOf(media.schema) : ''));
        row.appendChild(el('td', response.description || ''));
        responses.appendChild(row);
      }
      section.appendChild(responses);
      content.appendChild(section);
    }
  }
})().catch(e => { document.getElementById('content').textContent = 'Could not read the OpenAPI document: ' + e; });
