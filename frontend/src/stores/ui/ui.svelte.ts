// Which screen and which overlays are showing. No data, no API calls.
export type Screen = 'picker' | 'create' | 'import' | 'unlock' | 'main';
export type Overlay = 'none' | 'search' | 'settings';
export type SettingsTab = 'endpoints' | 'modules' | 'security' | 'data' | 'profile' | 'family';

export class UiStore {
  screen = $state<Screen>('picker');
  /** The profile the unlock screen is for. */
  unlockId = $state<string>('');
  overlay = $state<Overlay>('none');
  settingsTab = $state<SettingsTab>('endpoints');
  memoryOpen = $state(false);
  /** Message to scroll to and flash after opening a search hit. */
  flashMessageId = $state<string>('');

  openSettings(tab: SettingsTab = 'endpoints'): void {
    this.settingsTab = tab;
    this.overlay = 'settings';
  }

  closeOverlay(): void {
    this.overlay = 'none';
  }
}
