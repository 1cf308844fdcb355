import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { startStudio } from './ui/startup';
import { installHeadlessApi } from './ui/headlessApi';
import './ui/styles.css';

// Startup runs outside React so StrictMode's double effects cannot load things twice.
installHeadlessApi(startStudio());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
