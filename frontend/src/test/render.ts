// Renders a component with a fresh set of stores in context.
import { render } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { createStores, STORES_KEY, type Stores } from '../stores/index.svelte';

export function renderWith<P extends Record<string, any>>(C: Component<P>, props?: P, stores: Stores = createStores()) {
  const r = render(C as any, { props: props ?? {}, context: new Map([[STORES_KEY, stores]]) });
  return { ...r, stores };
}
