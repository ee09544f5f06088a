export { default } from "@/components/admin-only-layout";
