"use client";
// recharts loads with the charts, not in the page's first scripts (as the why view's charts).
import dynamic from "next/dynamic";

const none = () => null;
export const AnswersPerDayChart = dynamic(() => import("./charts.tsx").then((m) => m.AnswersPerDayChart), { ssr: false, loading: none });
export const HardestCardsChart = dynamic(() => import("./charts.tsx").then((m) => m.HardestCardsChart), { ssr: false, loading: none });
