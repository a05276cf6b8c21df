package caravan.bench;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The benchmark's PNG charts, drawn from the numbers measured in the same run. */
final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private Charts() {
    }

    /** One horizontal bar per run, split into the seconds spent in each stage. */
    static void stackedStages(Path png, String title, Map<String, Map<String, Double>> stagesPerBar) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        stagesPerBar.forEach((bar, stages) -> stages.forEach((stage, seconds) -> data.addValue(seconds, stage, bar)));
        JFreeChart chart = ChartFactory.createStackedBarChart(title, null, "seconds", data, PlotOrientation.HORIZONTAL,
                true, false, false);
        save(png, chart);
    }

    /** For each label, three bars side by side: the fastest, the median and the slowest run (label → {median, min, max}). */
    static void spreadBars(Path png, String title, String valueAxis, Map<String, double[]> medianMinMax) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        medianMinMax.forEach((label, v) -> {
            data.addValue(v[1], "min", label);
            data.addValue(v[0], "median", label);
            data.addValue(v[2], "max", label);
        });
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueAxis, data, PlotOrientation.VERTICAL, true, false, false);
        save(png, chart);
    }

    /** Values over time: series name → points {seconds, value}; an optional dashed line marks the target. */
    static void overTime(Path png, String title, String valueAxis, Map<String, List<double[]>> series, Double target) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, points) -> {
            XYSeries s = new XYSeries(name, false, true);
            points.forEach(p -> s.add(p[0], p[1]));
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds", valueAxis, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (target != null) {
            ValueMarker marker = new ValueMarker(target);
            marker.setPaint(Color.RED);
            marker.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
            marker.setLabel("target");
            plot.addRangeMarker(marker);
        }
        save(png, chart);
    }

    /** Lines over a whole-number x axis (series name → points {x, y}), with a dashed line for each named target. */
    static void projection(Path png, String title, String xAxis, String yAxis, Map<String, List<double[]>> series,
                           Map<String, Double> targets) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, points) -> {
            XYSeries s = new XYSeries(name, false, true);
            points.forEach(p -> s.add(p[0], p[1]));
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xAxis, yAxis, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        plot.getDomainAxis().setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        targets.forEach((label, value) -> {
            ValueMarker marker = new ValueMarker(value);
            marker.setPaint(Color.RED);
            marker.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
            marker.setLabel(label);
            marker.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(marker);
        });
        save(png, chart);
    }

    /** Labelled points: label → {x, y} (the preset table: speed against quality). */
    static void labelledPoints(Path png, String title, String xAxis, String yAxis, Map<String, double[]> points) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries s = new XYSeries("presets", false, true);
        points.values().forEach(p -> s.add(p[0], p[1]));
        data.addSeries(s);
        List<String> labels = List.copyOf(points.keySet());
        JFreeChart chart = ChartFactory.createXYLineChart(title, xAxis, yAxis, data, PlotOrientation.VERTICAL, false, false, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator() {
            @Override
            public String generateLabel(org.jfree.data.xy.XYDataset dataset, int series, int item) {
                return labels.get(item);
            }
        });
        renderer.setDefaultItemLabelsVisible(true);
        chart.getXYPlot().setRenderer(renderer);
        org.jfree.chart.axis.NumberAxis y = (org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        save(png, chart);
    }

    /** For each clip, a line from the fixed ladder's point to the per-title one: clip → {{MB, SSIM} fixed, {MB, SSIM} per-title}. */
    static void bytesVersusSsim(Path png, String title, Map<String, double[][]> clips) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        clips.forEach((clip, points) -> {
            XYSeries s = new XYSeries(clip, false, true);
            for (double[] p : points) {
                s.add(p[0], p[1]);
            }
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, "published video MB (log)", "mean rung SSIM", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        chart.getXYPlot().setRenderer(renderer);
        chart.getXYPlot().setDomainAxis(new org.jfree.chart.axis.LogarithmicAxis("published video MB (log; each line: fixed to per-title)"));
        org.jfree.chart.axis.NumberAxis y = (org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        save(png, chart);
    }

    private static void save(Path png, JFreeChart chart) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }
}
