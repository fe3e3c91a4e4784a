// The application menu, as data (only `import type` from 'electron', so it is unit-tested).
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuOptions {
  /** Reload and DevTools exist only in development. */
  isPackaged: boolean
  platform: NodeJS.Platform
  appName: string
  onAbout: () => void
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    // Zoom helps on small office screens and for poorer eyesight.
    { role: 'resetZoom', label: 'Rzeczywisty rozmiar' },
    { role: 'zoomIn', label: 'Powiększ' },
    { role: 'zoomOut', label: 'Pomniejsz' },
  ]
  if (!options.isPackaged) {
    view.push({ type: 'separator' }, { role: 'reload', label: 'Przeładuj' }, { role: 'toggleDevTools', label: 'Narzędzia deweloperskie' })
  }
  const template: MenuItemConstructorOptions[] = [
    { label: 'Plik', submenu: [{ role: 'quit', label: 'Zakończ' }] },
    { label: 'Widok', submenu: view },
    { label: 'Pomoc', submenu: [{ label: 'O programie', click: () => options.onAbout() }] },
  ]
  if (options.platform === 'darwin') {
    // macOS: the first menu is the app menu, and without an Edit menu Cmd+C/Cmd+V do nothing.
    template.unshift(
      { label: options.appName, submenu: [{ label: 'O programie', click: () => options.onAbout() }, { type: 'separator' }, { role: 'quit', label: 'Zakończ' }] },
      {
        label: 'Edycja',
        submenu: [
          { role: 'undo', label: 'Cofnij' },
          { role: 'redo', label: 'Ponów' },
          { type: 'separator' },
          { role: 'cut', label: 'Wytnij' },
          { role: 'copy', label: 'Kopiuj' },
          { role: 'paste', label: 'Wklej' },
          { role: 'selectAll', label: 'Zaznacz wszystko' },
        ],
      },
    )
  }
  return template
}
