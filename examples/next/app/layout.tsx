import type { ReactNode } from "react";
import "../../shared/style.css";

export const metadata = { title: "trigger-realtime · Next.js", icons: { icon: "data:," } };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <main>
          <header>
            <h1>trigger-realtime · Next.js</h1>
            <p>Server-rendered with the run&apos;s real state, then live in the browser.</p>
          </header>
          {children}
        </main>
      </body>
    </html>
  );
}
