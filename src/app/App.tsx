// The workbench page: capability line, session controls, the one error area, and the panels.
import { useEffect } from 'react';
import { CapabilityLine } from './components/CapabilityLine';
import { ErrorArea } from './components/ErrorArea';
import { SessionControls } from './components/SessionControls';
import { startWorkbench } from './effects/startup';
import { BackbonesPanel } from './panels/backbones/BackbonesPanel';
import { ComparePanel } from './panels/compare/ComparePanel';
import { DataPanel } from './panels/data/DataPanel';
import { DesignPanel } from './panels/design/DesignPanel';
import { GeneratePanel } from './panels/generate/GeneratePanel';
import { TranslatePanel } from './panels/translate/TranslatePanel';

export function App() {
  useEffect(() => {
    void startWorkbench();
  }, []);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Gene Diffusion Workbench</h1>
        <CapabilityLine />
        <SessionControls />
      </header>
      <ErrorArea />
      <main className="panels">
        <DataPanel />
        <BackbonesPanel />
        <GeneratePanel />
        <ComparePanel />
        <TranslatePanel />
        <DesignPanel />
      </main>
    </div>
  );
}
