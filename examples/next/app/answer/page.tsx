import { AnswerDemo } from "./answer-demo";

export default function AnswerPage() {
  return (
    <section>
      <h2>Steerable answer</h2>
      <p className="muted">The server starts the answer; the browser follows its text and steers it through the input stream &quot;control&quot;.</p>
      <AnswerDemo />
      <p><a href="/">Back</a></p>
    </section>
  );
}
