/**
 * Short tones for the Receive screen, with the Web Audio API (no audio files to ship): each
 * outcome has its own pattern, so a person with a box in each hand hears what happened.
 */
export type Sound = 'found' | 'counted' | 'notFound' | 'alreadyReceived' | 'over' | 'received' | 'error'

type Tone = { hz: number; ms: number; type?: OscillatorType }
const PATTERNS: Record<Sound, Tone[]> = {
  // rising pair: there it is
  found: [
    { hz: 880, ms: 70 },
    { hz: 1320, ms: 90 }
  ],
  // one short tick per unit counted
  counted: [{ hz: 1320, ms: 50 }],
  // low buzz
  notFound: [{ hz: 200, ms: 350, type: 'square' }],
  // two equal mid tones
  alreadyReceived: [
    { hz: 520, ms: 120 },
    { hz: 520, ms: 120 }
  ],
  // fast high-low-high-low: stop, too many
  over: [
    { hz: 1200, ms: 80, type: 'square' },
    { hz: 600, ms: 80, type: 'square' },
    { hz: 1200, ms: 80, type: 'square' },
    { hz: 600, ms: 80, type: 'square' }
  ],
  // a clear three-note chime: done
  received: [
    { hz: 660, ms: 70 },
    { hz: 880, ms: 70 },
    { hz: 1320, ms: 140 }
  ],
  error: [
    { hz: 300, ms: 150, type: 'sawtooth' },
    { hz: 200, ms: 250, type: 'sawtooth' }
  ]
}

let ctx: AudioContext | null = null

/** Plays the outcome's tone (nothing when muted or when the browser has no audio). */
export function play(sound: Sound, muted: boolean): void {
  if (muted || typeof AudioContext === 'undefined') return
  try {
    ctx ??= new AudioContext()
    if (ctx.state === 'suspended') void ctx.resume()
    let at = ctx.currentTime + 0.01
    for (const tone of PATTERNS[sound]) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = tone.type ?? 'sine'
      osc.frequency.value = tone.hz
      const end = at + tone.ms / 1000
      // A quick fade in and out: no clicks.
      gain.gain.setValueAtTime(0, at)
      gain.gain.linearRampToValueAtTime(0.25, at + 0.005)
      gain.gain.setValueAtTime(0.25, end - 0.01)
      gain.gain.linearRampToValueAtTime(0, end)
      osc.connect(gain).connect(ctx.destination)
      osc.start(at)
      osc.stop(end)
      at = end + 0.03
    }
  } catch {
    // No audio device: the coloured status still says it.
  }
}
