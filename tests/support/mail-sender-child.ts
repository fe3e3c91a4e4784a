// A separate process that opens the desk's data directory and runs one sender pass, so a test
// can kill it for real (SIGKILL) in the middle of a batch. mail-crash.test.ts bundles and runs it.
//   args: <dataDir> [crashAfterAccepted]
// With crashAfterAccepted = n the process SIGKILLs itself right after the server accepted the
// n-th message and before the sender could record it: the worst moment for exactly-once.
import { openDesk } from '../../src-main/desk/desk'
import { smtpTransport, type TransportFactory } from '../../src-main/core/mail/sender'

const [dataDir, crashAfter] = process.argv.slice(2)
let accepted = 0
const crashing: TransportFactory | undefined = crashAfter
  ? (config) => {
      const real = smtpTransport(config)
      return {
        async sendMail(message) {
          const info = await real.sendMail(message)
          if (++accepted === Number(crashAfter)) process.kill(process.pid, 'SIGKILL')
          return info
        },
        close: () => real.close(),
      }
    }
  : undefined

const desk = openDesk({ dataDir, mailSender: 'manual', mailTransport: crashing, log: (e) => console.error(e), exclusive: false })
console.log(JSON.stringify({ ready: true }))
const result = await desk.services.mail.runOnce()
console.log(JSON.stringify({ done: result }))
desk.close()
