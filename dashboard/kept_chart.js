// A Plotly chart that stays mounted across reruns (dashboard/kept_chart.py says why).
// Streamlit calls this function when the chart first shows and again with every rerun's data; the chart's
// <div> stays, and a new figure is drawn into it with Plotly.react, which changes what changed.
// The data: the bytes of {"figure": ..., "config": ..., "modes": [...], "scope": "..."}.

const PLOTLY_ID = "wirescope-plotly";
const PLOTLY_URL = "./wirescope-plotly.min.js";

// Plotly.js, from the <script> the page's head loads (dashboard/launch.py), or added here once.
function plotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__wirescopePlotly) {
    window.__wirescopePlotly = new Promise((resolve, reject) => {
      let tag = document.getElementById(PLOTLY_ID);
      if (!tag) {
        tag = document.createElement("script");
        tag.id = PLOTLY_ID;
        tag.src = PLOTLY_URL;
        document.head.appendChild(tag);
      }
      tag.addEventListener("load", () => resolve(window.Plotly));
      tag.addEventListener("error", () => reject(new Error("Plotly.js did not load from " + PLOTLY_URL)));
    });
  }
  return window.__wirescopePlotly;
}

// The points as st.plotly_chart reports them, with what our callbacks read (x, y, customdata).
function points(event) {
  return ((event && event.points) || []).map((p) => ({
    curve_number: p.curveNumber, point_number: p.pointNumber,
    point_index: p.pointIndex === undefined ? p.pointNumber : p.pointIndex,
    x: p.x, y: p.y, lat: p.lat, lon: p.lon, customdata: p.customdata,
  }));
}

// The chart alone on the screen, on white, at the screen's size; Escape (or the button again) brings it back.
function fullScreenButton(box) {
  return {
    name: "fullscreen",
    title: "Full screen",
    icon: { width: 24, height: 24, path: "M3 3h7v2H5v5H3zM14 3h7v7h-2V5h-5zM3 14h2v5h5v2H3zM19 14h2v7h-7v-2h5z" },
    click: () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (box.requestFullscreen) box.requestFullscreen();
    },
  };
}

document.addEventListener("fullscreenchange", () => {
  document.querySelectorAll(".ws-chart").forEach((box) => {
    const full = document.fullscreenElement === box;
    if (full === !!box.__wsFullHeight) return;
    if (full) {
      box.__wsFullHeight = box.style.height;
      box.style.height = "100vh";
      box.style.background = "white";
    } else {
      box.style.height = box.__wsFullHeight;
      box.__wsFullHeight = undefined;
    }
    if (window.Plotly) window.Plotly.Plots.resize(box);
  });
});

export default function ({ parentElement, data, setStateValue }) {
  let box = parentElement.querySelector(".ws-chart");
  if (!box) {
    box = document.createElement("div");
    box.className = "ws-chart";
    // The tests and benchmarks find every chart, Streamlit's or this one, by this name.
    box.setAttribute("data-testid", "stPlotlyChart");
    parentElement.appendChild(box);
  }
  const text = typeof data === "string" ? data : new TextDecoder().decode(data);
  // The component's wrapper marked the chart busy when it was handed this data (kept_chart.py).
  const done = () => parentElement.removeAttribute("data-busy");
  if (box.__wsText === text) return done(); // the same figure: keep what is drawn, and any selection on it
  box.__wsText = text;
  box.setAttribute("data-busy", "1"); // cleared once this figure is drawn
  const spec = JSON.parse(text);
  const figure = spec.figure;
  const layout = Object.assign({}, figure.layout);
  delete layout.width; // the chart fills the column, as st.plotly_chart draws it
  layout.autosize = true;
  box.style.height = (layout.height || 450) + "px";
  const config = Object.assign({ responsive: true }, spec.config);
  config.modeBarButtonsToAdd = [fullScreenButton(box)]; // st.plotly_chart's full-screen button, in the mode bar
  plotly().then((Plotly) => Plotly.react(box, figure.data || [], layout, config)).then(() => {
    if (box.__wsText !== text) return; // a newer figure is on its way (it clears the busy marks)
    box.__wsScope = spec.scope;
    if (!box.__wsBound && spec.modes.length) {
      box.__wsBound = true;
      // A click, a box or a lasso: the points, which figure they were picked on, and when (a second click on
      // the same point is a new event).
      const send = (event) => setStateValue("selection", {
        points: points(event), scope: box.__wsScope, at: Date.now(),
      });
      box.on("plotly_click", send);
      box.on("plotly_selected", (event) => { if (event) send(event); });
      box.on("plotly_deselect", () => send(null));
    }
    box.removeAttribute("data-busy");
    done();
  }).catch((err) => {
    box.removeAttribute("data-busy");
    done();
    box.textContent = "This chart could not be drawn: " + err.message;
  });
}
