import { render } from "solid-js/web";
import "../../shared/style.css";
import { App } from "./App";

render(() => <App />, document.getElementById("app")!);
