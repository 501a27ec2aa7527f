import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/i18n';
import { Root } from './app/Root';

const container = document.getElementById('root');
if (!container) throw new Error('#root element missing from index.html');
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
