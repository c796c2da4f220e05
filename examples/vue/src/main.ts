import { createApp } from "vue";
import "../../shared/style.css";
import App from "./App.vue";

createApp(App).mount("#app");
