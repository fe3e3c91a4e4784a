// ESLint rule `write-path/only-db-writes`: outside src-main/db nothing writes to the desk
// database except through DeskDb's doors (src-main/db/write.ts). The types already hide the raw
// handles (DeskDb.read / readSql cannot write) and the connection is query_only outside DeskDb's
// transactions; this rule catches the escape hatches the type system lets through. Probes:
// tests/unit/write-path-lint.test.ts.
const WRITE_BUILDER_NEXT = new Set(['values', 'set', 'where', 'returning', 'run', 'onConflictDoUpdate', 'onConflictDoNothing', 'all', 'get'])
const WRITE_SQL = /^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|VACUUM|REINDEX|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA|ATTACH|DETACH)\b/i

const propertyName = (member) => {
  if (member?.type !== 'MemberExpression') return null
  if (!member.computed && member.property.type === 'Identifier') return member.property.name
  if (member.computed && member.property.type === 'Literal' && typeof member.property.value === 'string') return member.property.value
  return null
}

/** The text of a string literal, template literal or sql`` tag (its static parts), else null. */
function sqlText(node) {
  if (!node) return null
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value
  if (node.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked).join('?')
  if (node.type === 'TaggedTemplateExpression') return node.quasi.quasis.map((q) => q.value.cooked).join('?')
  return null
}

const onlyDbWrites = {
  meta: {
    type: 'problem',
    docs: { description: 'Writes to the desk database go through DeskDb (src-main/db/write.ts) only' },
    schema: [],
    messages: {
      handle: "'{{name}}' is the raw database handle: read through DeskDb.read / readSql, write through DeskDb (db/write.ts).",
      driver: "'{{source}}' opens a database behind DeskDb's back: only src-main/db does (db/write.ts).",
      builder: 'A drizzle {{verb}}() writes behind the write path: use DeskDb.write() and tx.insert/update (db/write.ts).',
      sql: 'Raw SQL that writes ({{verb}}) outside src-main/db: use DeskDb.write() or a named DeskDb door (db/write.ts).',
      pragma: 'PRAGMA outside src-main/db: connection settings belong to DeskDb (db/database.ts, db/write.ts).',
    },
  },
  create(context) {
    return {
      ImportDeclaration(node) {
        const source = node.source.value
        // A type gives no handle; only a loaded driver opens a connection.
        if (node.importKind === 'type') return
        if (/^(better-sqlite3|drizzle-orm\/better-sqlite3)(\/.*)?$/.test(source)) context.report({ node: node.source, messageId: 'driver', data: { source } })
      },
      MemberExpression(node) {
        const name = propertyName(node)
        if (name === 'orm' || name === 'sqlite' || name === '$client') context.report({ node: node.property, messageId: 'handle', data: { name } })
      },
      CallExpression(node) {
        const method = propertyName(node.callee)
        if (!method) return
        // orm.insert(t).values(…) / orm.update(t).set(…) / orm.delete(t).where(…): a builder on one table.
        const inner = node.callee.object
        const verb = inner?.type === 'CallExpression' ? propertyName(inner.callee) : null
        if (verb && /^(insert|update|delete)$/.test(verb) && inner.arguments.length === 1 && WRITE_BUILDER_NEXT.has(method)) {
          context.report({ node, messageId: 'builder', data: { verb } })
          return
        }
        if (method === 'pragma') {
          context.report({ node, messageId: 'pragma' })
          return
        }
        if (method === 'run' || method === 'exec' || method === 'prepare' || method === 'all' || method === 'get') {
          const text = sqlText(node.arguments[0])
          const m = text && WRITE_SQL.exec(text)
          if (m) context.report({ node, messageId: 'sql', data: { verb: m[1].toUpperCase() } })
        }
      },
    }
  },
}

export const writePathPlugin = { rules: { 'only-db-writes': onlyDbWrites } }

/**
 * The desk's code outside its database layer. The hub keeps its own store (hub database, SQLite or
 * PostgreSQL); backups and the data-folder lock open other files (a backup copy, the lock file)
 * or the database while no desk has it open (restore).
 */
export const writePathConfig = {
  name: 'write-path',
  files: ['src-main/**/*.ts'],
  ignores: ['src-main/db/**', 'src-main/server/hub/**', 'src-main/hub/**', '**/backups.ts', '**/data-dir-lock.ts'],
  plugins: { 'write-path': writePathPlugin },
  rules: { 'write-path/only-db-writes': 'error' },
}
