/** The shape of every channel's handler; domains implement their part (see handlers.ts). */
import type { Channel, Output, ParsedInput } from '../shared/contract'

export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<Output<C>> | Output<C> }
