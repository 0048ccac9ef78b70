/** The store switcher's choice (all stores or one), shared by every screen, kept across reloads. */
import { createContext, useContext, useState, type ReactNode } from 'react'

type Ctx = { storeId: string | null; setStoreId(id: string | null): void }
const StoreCtx = createContext<Ctx>({ storeId: null, setStoreId: () => {} })

export function StoreProvider({ children }: { children: ReactNode }) {
  const [storeId, set] = useState<string | null>(() => localStorage.getItem('sbo.store'))
  const setStoreId = (id: string | null) => {
    if (id) localStorage.setItem('sbo.store', id)
    else localStorage.removeItem('sbo.store')
    set(id)
  }
  return <StoreCtx.Provider value={{ storeId, setStoreId }}>{children}</StoreCtx.Provider>
}

export const useSelectedStore = () => useContext(StoreCtx)
