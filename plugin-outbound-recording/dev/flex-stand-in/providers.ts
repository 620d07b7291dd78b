import type * as React from 'react';

/**
 * Flex.setProviders (public_api/Providers.d.ts): a plugin hands Flex its Paste CustomizationProvider
 * (`PasteThemeProvider`), and Flex wraps its UI in it with the agent's theme, so the plugin's own copy
 * of Paste sees the theme. The agent desk page wraps its Flex slots in whatever was set.
 */
export interface ProvidersProps {
  // Flex types it as Paste's `typeof CustomizationProvider`; any provider component fits here.
  PasteThemeProvider?: React.ComponentType<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  CustomProvider?: unknown;
}

export class StandInProviders {
  current: ProvidersProps = {};

  readonly setProviders = (providers: ProvidersProps): void => {
    this.current = { ...this.current, ...providers };
  };

  resetPluginState(): void {
    this.current = {};
  }
}
