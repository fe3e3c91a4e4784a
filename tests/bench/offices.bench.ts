// The two demo offices every other module runs on (lib/offices.ts): generated here on a clean
// clone, reused afterwards. Their generation is the bulk seed path (DeskDb.importRows).
import { defineBench } from './lib/bench'
import { office, type OfficeName } from './lib/offices'
import { figure } from './lib/report'

export default defineBench({
  name: 'offices',
  title: 'demo offices Zamość and 10× (generated once, then reused)',
  async run() {
    for (const name of ['zamosc', 'x10', 'zamosc-tenth'] satisfies OfficeName[]) {
      const o = await office(name)
      console.error(`${name}: ${o.fresh ? 'generated' : 'reused'} ${o.dir} — ${JSON.stringify(o.counts)}, ${(o.dbBytes / 2 ** 30).toFixed(2)} GiB`)
      figure(`office.${name}.customers`, o.counts.customers, 'customers')
      figure(`office.${name}.database`, o.dbBytes / 2 ** 20, 'MiB')
      // Rows per second of the seed import (generator + bulk insert), as measured when it was generated.
      figure(`office.${name}.generate`, o.generatedMs / 1000, 's', o.counts.customers)
    }
  },
})
