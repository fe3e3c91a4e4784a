// one-off: split a module by top-level statement names
import { readFileSync, writeFileSync } from 'node:fs'
import ts from 'typescript'
const [file, mapJson] = [process.argv[2], process.argv[3]]
const plan = JSON.parse(readFileSync(mapJson, 'utf8')) as { files: Record<string, { head: string; names: string[] }>; importsFrom: Record<string, string> }
const text = readFileSync(file, 'utf8')
const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
const imports: { text: string; names: { local: string; spec: string }[]; from: string; typeOnly: boolean }[] = []
const decls: { names: string[]; text: string }[] = []
for (const st of sf.statements) {
  const full = text.slice(st.getFullStart(), st.getEnd())
  if (ts.isImportDeclaration(st)) {
    const c = st.importClause!
    const names: { local: string; spec: string }[] = []
    if (c.name) names.push({ local: c.name.text, spec: c.name.text })
    if (c.namedBindings && ts.isNamedImports(c.namedBindings)) for (const e of c.namedBindings.elements) names.push({ local: e.name.text, spec: e.getText() })
    if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.push({ local: c.namedBindings.name.text, spec: '* as ' + c.namedBindings.name.text })
    imports.push({ text: full, names, from: (st.moduleSpecifier as ts.StringLiteral).text, typeOnly: c.isTypeOnly })
    continue
  }
  const names: string[] = []
  if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) names.push((d.name as ts.Identifier).text)
  else if ((st as any).name) names.push((st as any).name.text)
  decls.push({ names, text: full })
}
const owner = new Map<string, string>()
for (const [f, p] of Object.entries(plan.files)) for (const n of p.names) owner.set(n, f)
const unassigned = decls.filter((d) => !d.names.some((n) => owner.has(n)))
if (unassigned.length) throw new Error('unassigned: ' + unassigned.map((d) => d.names.join(',') + ' ' + d.text.slice(0, 80)).join('\n'))
const used = (body: string, name: string) => new RegExp(`(?<![\\w$.])${name.replace('$', '\\$')}(?![\\w$])`).test(body)
for (const [f, p] of Object.entries(plan.files)) {
  const mine = decls.filter((d) => d.names.some((n) => owner.get(n) === f))
  let body = mine.map((d) => d.text).join('')
  // exported if used elsewhere
  for (const d of mine) {
    for (const n of d.names) {
      const elsewhere = decls.some((o) => !o.names.some((x) => owner.get(x) === f) && used(o.text, n))
      if (elsewhere && !/^\s*(\/\*[\s\S]*?\*\/\s*|\/\/[^\n]*\n\s*)*export /.test(d.text)) {
        body = body.replace(d.text, d.text.replace(/^(\s*(?:\/\*[\s\S]*?\*\/\s*|\/\/[^\n]*\n\s*)*)/, '$1export '))
      }
    }
  }
  const lines: string[] = []
  for (const imp of imports) {
    const keep = imp.names.filter((n) => used(body, n.local))
    if (!keep.length) continue
    lines.push(`import ${imp.typeOnly ? 'type ' : ''}{ ${keep.map((k) => k.spec).join(', ')} } from '${imp.from}'`)
  }
  const cross = new Map<string, string[]>()
  for (const [n, o] of owner) if (o !== f && used(body, n)) cross.set(o, [...(cross.get(o) ?? []), n])
  for (const [o, ns] of cross) lines.push(`import { ${ns.join(', ')} } from './${o}'`)
  writeFileSync(`${file.replace(/[^/]+$/, '')}${f}.ts`, p.head + lines.join('\n') + '\n' + body.replace(/^\n+/, '\n'))
}
