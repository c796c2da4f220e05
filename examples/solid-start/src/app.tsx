import { Router } from "@solidjs/router";
import { FileRoutes } from "@solidjs/start/router";
import { Suspense } from "solid-js";
import "../../shared/style.css";

export default function App() {
  return (
    <Router
      root={(props) => (
        <main>
          <header>
            <h1>trigger-realtime · SolidStart</h1>
            <p>Server-rendered with the run's real state, then live in the browser.</p>
          </header>
          <Suspense>{props.children}</Suspense>
        </main>
      )}
    >
      <FileRoutes />
    </Router>
  );
}
