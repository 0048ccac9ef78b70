/**
 * A password for a command-line tool (the team server's admin commands, `team connect`): from
 * SBO_TEAM_PASSWORD, else the first line of stdin, not echoed on a terminal — never from argv,
 * which every user sees in `ps`. Returns '' when stdin ends without a line.
 */
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'

export async function readPassword(prompt: string): Promise<string> {
  const fromEnv = process.env.SBO_TEAM_PASSWORD
  if (fromEnv) return fromEnv
  const tty = process.stdin.isTTY === true
  if (tty) process.stderr.write(prompt)
  // On a terminal readline echoes what is typed to `output`: a sink that drops it hides the password.
  const muted = new Writable({ write: (_chunk, _enc, cb) => cb() })
  const rl = createInterface({ input: process.stdin, output: muted, terminal: tty })
  const line = await new Promise<string>((done) => {
    let got = false
    rl.once('line', (l) => {
      got = true
      done(l)
    })
    rl.once('close', () => {
      if (!got) done('')
    })
  })
  rl.close()
  if (tty) process.stderr.write('\n')
  return line.replace(/\r$/, '')
}
