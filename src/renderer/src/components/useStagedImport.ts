/**
 * The state of an import dialog: a staged file, its preview (the same import, rolled back), then
 * the import itself. Shared by the returns-report, order-report and claims-CSV dialogs.
 */
import { useState } from 'react'
import type { Input, Output } from '../../../shared/contract'
import { call, useCallMutation } from '../api/client'
import type { StagedFile } from './ImportDropzone'

type FileImport =
  | { preview: 'rmas.previewImport'; commit: 'rmas.import' }
  | { preview: 'orders.previewImport'; commit: 'orders.import' }
  | { preview: 'deadlines.previewClaimsImport'; commit: 'deadlines.importClaims' }

export function useStagedImport<F extends FileImport>(channels: F, opts: { storeId: string; invalidates: string[]; onClose(): void }) {
  const [file, setFile] = useState<StagedFile | null>(null)
  const [preview, setPreview] = useState<Output<F['preview']> | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const commit = useCallMutation(channels.commit as F['commit'], { invalidates: opts.invalidates })

  const reset = () => {
    setFile(null)
    setPreview(null)
    setError(null)
    commit.reset()
  }
  const close = () => {
    reset()
    opts.onClose()
  }
  const onStaged = async (f: StagedFile) => {
    reset()
    setFile(f)
    setBusy(true)
    try {
      setPreview(
        (await call(channels.preview as F['preview'], { storeId: opts.storeId, fileId: f.fileId } as Input<F['preview']>)) as Output<
          F['preview']
        >
      )
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  /** Imports the staged file; returns its summary (undefined when nothing is staged). */
  const run = async (): Promise<Output<F['commit']> | undefined> => {
    if (!file) return undefined
    return (await commit.mutateAsync({ storeId: opts.storeId, fileId: file.fileId } as Input<F['commit']>)) as Output<F['commit']>
  }
  return { file, preview, error, busy, commit, reset, close, onStaged, run }
}
