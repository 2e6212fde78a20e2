import './styles/app.css';
import { mount } from 'svelte';
import App from './App.svelte';

async function start() {
  // Dev-only fake backend for `npm run dev:mock`; the branch is dropped from production builds.
  if (import.meta.env.MODE === 'mock') await import('./dev/mock');
  mount(App, { target: document.getElementById('app')! });
}

start();
